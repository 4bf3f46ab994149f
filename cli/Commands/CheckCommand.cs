using System.CommandLine;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var definitions = Arguments.Definitions();
        var format = Arguments.Format("Output format: text, json or sarif (SARIF 2.1.0 for GitHub code scanning).", "text", "json", "sarif");
        var today = Arguments.Today("The date rules judge review-by and exception expiry against, and overdue pipelines are suspended on");
        var helpBase = new Option<string>("--help-base-uri")
        {
            Description = "Prefix that makes SARIF rule help links absolute, e.g. https://github.com/ORG/REPO/blob/main/.",
        };
        var command = new Command("check", "Validate definitions and run every guardrail on them and their plans; definitions given together are also checked for isolation. Exit 0 when no unwaived error, 1 when there is one, 2 on invalid input.")
        {
            definitions, format, today, helpBase,
        };
        command.SetAction(result =>
        {
            if (!Arguments.TryToday(result, today, context, out var date))
            {
                return ExitCodes.InvalidInput;
            }

            var loaded = DefinitionFiles.LoadAll(result.GetRequiredValue(definitions), context);
            if (loaded is null)
            {
                return ExitCodes.InvalidInput;
            }

            var report = Guardrails.Check(loaded, date);
            context.Out.Write(result.GetValue(format) switch
            {
                "json" => FindingsJson.Render(report),
                "sarif" => Sarif.Render(report, RuleCatalog.Default, result.GetValue(helpBase)),
                _ => FindingsText.Render(report),
            });
            return report.HasErrors ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }
}
