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
        var command = new Command("plan", "Show what a definition declares: each stage's identity and grants.") { definition, format };
        command.SetAction(result =>
        {
            var loaded = DefinitionFiles.Load(result.GetRequiredValue(definition));
            if (loaded.Definition is null)
            {
                context.ReportErrors(loaded.Errors);
                return ExitCodes.InvalidInput;
            }

            var plan = Planner.Build(loaded.Definition, context.Today);
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
