using System.CommandLine;
using Infra.Access.Queries;

namespace Infra.Access.Cli.Commands;

internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var identity = new Argument<string>("identity") { Description = "The identity as pipeline/stage, e.g. payments-api/deploy, or a deployer: deployer, deployer:<team>." };
        var environment = StackPlans.Environment();
        var definitions = StackPlans.Option();
        var format = Arguments.Format("Output format: text or json.", "text", "json");
        var command = new Command("explain", "Who may assume an identity, how a CI job reaches each system, and what it may do there, offline.")
        {
            identity, environment, definitions, format,
        };
        command.SetAction(result =>
        {
            var plans = StackPlans.Load(result.GetValue(definitions), context);
            if (plans is null)
            {
                return ExitCodes.InvalidInput;
            }

            var name = result.GetRequiredValue(identity);
            var explanations = Explain.Describe(plans, name, result.GetValue(environment));
            if (explanations.IsEmpty)
            {
                // Stages first, then the deployers (deployer, deployer:<team>).
                var known = plans.SelectMany(p => p.Identities.Select(i => i.Id)).Distinct().Order(StringComparer.Ordinal)
                    .Concat(plans.SelectMany(p => p.Deployers.Select(d => d.Id)).Distinct().Order(StringComparer.Ordinal));
                context.Fail($"no identity '{name}'{(result.GetValue(environment) is { } env ? " in " + env : "")}; known identities: {string.Join(", ", known)}");
                return ExitCodes.InvalidInput;
            }

            context.Out.Write(result.GetValue(format) == "json" ? Explain.JsonText(explanations) : Explain.Text(explanations));
            return ExitCodes.Ok;
        });
        return command;
    }
}
