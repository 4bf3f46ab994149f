using System.CommandLine;
using Infra.Access.Catalog;

namespace Infra.Access.Cli.Commands;

internal static class CapabilitiesCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("capabilities", "Print the capability catalog as a Markdown table: each capability and the grants it maps to.");
        command.SetAction(_ =>
        {
            context.Out.Write(CapabilityTable.Markdown());
            return ExitCodes.Ok;
        });
        return command;
    }
}
