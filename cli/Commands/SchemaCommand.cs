using System.CommandLine;
using Infra.Access.Format;

namespace Infra.Access.Cli.Commands;

internal static class SchemaCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("schema", "Print the JSON Schema of the definition format (stacks/schema.json is this output).");
        command.SetAction(_ =>
        {
            context.Out.Write(SchemaWriter.Write());
            return ExitCodes.Ok;
        });
        return command;
    }
}
