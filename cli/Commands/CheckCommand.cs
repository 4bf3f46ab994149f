using System.CommandLine;

namespace Infra.Access.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var definitions = Arguments.Definitions();
        var command = new Command("check", "Validate definitions; exit 0 when they are valid, 2 when not.") { definitions };
        command.SetAction(result =>
        {
            var loaded = DefinitionFiles.LoadAll(result.GetRequiredValue(definitions), context);
            if (loaded is null)
            {
                return ExitCodes.InvalidInput;
            }

            foreach (var definition in loaded)
            {
                context.Out.Write($"{definition.File}: ok ({definition.Pipelines.Length} pipelines)\n");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
