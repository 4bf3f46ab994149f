using System.CommandLine;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Cli.Commands;

internal static class RulesCommand
{
    public static Command Create(CliContext context)
    {
        var format = Arguments.Format("Output format: text, or markdown (the table the README embeds).", "text", "markdown");
        var command = new Command("rules", "List the guardrail catalog: ID, name, severity, whether an exception may waive it, summary.") { format };
        command.SetAction(result =>
        {
            context.Out.Write(result.GetValue(format) == "markdown" ? RuleTable.Markdown(RuleCatalog.Default) : RuleTable.Text(RuleCatalog.Default));
            return ExitCodes.Ok;
        });
        return command;
    }
}
