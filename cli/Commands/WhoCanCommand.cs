using System.CommandLine;
using Infra.Access.Queries;

namespace Infra.Access.Cli.Commands;

internal static class WhoCanCommand
{
    public static Command Create(CliContext context)
    {
        var verb = new Argument<string>("verb") { Description = "The action, e.g. patch (Kubernetes), read (Vault), or an Azure data action; write asks for every action that writes." };
        var resource = new Argument<string>("resource")
        {
            Description = "Kubernetes TYPE[.GROUP][/SUBRESOURCE][/NAME] (deployments/web, pods/log), a Vault path, or an Azure resource (repositories/payments/api).",
        };
        var ns = new Option<string?>("--namespace", "-n") { Description = "Only this Kubernetes namespace." };
        var environment = StackPlans.Environment();
        var definitions = StackPlans.Option();
        var format = Arguments.Format("Output format: text or json.", "text", "json");
        var command = new Command("who-can", "Which identities can do VERB on RESOURCE, answered from the definitions offline (no cluster needed).")
        {
            verb, resource, ns, environment, definitions, format,
        };
        command.SetAction(result =>
        {
            var plans = StackPlans.Load(result.GetValue(definitions), context);
            if (plans is null)
            {
                return ExitCodes.InvalidInput;
            }

            var query = new WhoCanQuery(result.GetRequiredValue(verb), result.GetRequiredValue(resource), result.GetValue(ns), result.GetValue(environment));
            if (query.Environment is { } env && plans.All(p => p.Environment != env))
            {
                context.Fail($"no definition declares environment '{env}'; known: {string.Join(", ", plans.Select(p => p.Environment).Order(StringComparer.Ordinal))}");
                return ExitCodes.InvalidInput;
            }

            var answers = WhoCan.Ask(plans, query);
            context.Out.Write(result.GetValue(format) == "json" ? WhoCan.JsonText(query, answers) : WhoCan.Text(query, answers));
            return ExitCodes.Ok;
        });
        return command;
    }
}
