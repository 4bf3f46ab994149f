using System.CommandLine;
using Infra.Access.Planning;
using Infra.Access.Rendering;

namespace Infra.Access.Cli.Commands;

internal static class PlanCommand
{
    public static Command Create(CliContext context)
    {
        var definition = Arguments.Definition();
        var format = Arguments.Format("Output format: text (per pipeline and stage: identity and grants) or json (the whole plan).", "text", "json");
        var today = Arguments.Today("The date the plan is made on: a pipeline past its reviewBy is planned as suspended");
        var command = new Command("plan", "Show what a definition declares: each stage's identity and grants.") { definition, format, today };
        command.SetAction(result =>
        {
            if (!Arguments.TryToday(result, today, context, out var date))
            {
                return ExitCodes.InvalidInput;
            }

            var loaded = DefinitionFiles.Load(result.GetRequiredValue(definition));
            if (loaded.Definition is null)
            {
                context.ReportErrors(loaded.Errors, loaded.OmittedErrors);
                return ExitCodes.InvalidInput;
            }

            var plan = Planner.Build(loaded.Definition, date);
            if (result.GetValue(format) == "json")
            {
                context.WriteJson(plan);
            }
            else
            {
                context.Out.Write(PlanRenderer.Text(plan));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
