using System.CommandLine;
using System.Globalization;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Access.Usage;

namespace Infra.Access.Cli.Commands;

internal static class UsageCommand
{
    public static Command Create(CliContext context)
    {
        var definition = Arguments.Definition();
        var logs = new Argument<string[]>("logs")
        {
            Description = "Audit logs: Kubernetes audit Events (JSON lines), AKS kube-audit diagnostic records, Vault file audit device logs; plain or gzip. Each must hold audit records: an empty log is invalid input (exit 2).",
            Arity = ArgumentArity.OneOrMore,
        };
        var since = new Option<string>("--since") { Description = "Only records at or after this time (YYYY-MM-DD or RFC 3339, UTC when no offset)." };
        var until = new Option<string>("--until") { Description = "Only records before this time (YYYY-MM-DD or RFC 3339)." };
        var format = Arguments.Format("Output format: text, markdown, json, sarif (anomalies) or html (a self-contained dashboard).", "text", "markdown", "json", "sarif", "html");
        var today = Arguments.Today("The date the plan is made on: a pipeline past its reviewBy is suspended, and its use after that date an anomaly");
        var command = new Command("usage", "Hold audit logs against a definition: per identity the grants used and never used (what to prune), and anomalies (denied requests, activity of inactive pipelines, unknown CI identities, use outside the CI subject, grants beyond the plan). Exit 0 no anomaly, 1 anomalies, 2 invalid input, including a log that proves nothing: empty (or a gzip of nothing), holding no audit record, or with more than 10% of its lines (or 100 in all) malformed.")
        {
            definition, logs, since, until, format, today,
        };
        command.SetAction(result =>
        {
            if (!Arguments.TryToday(result, today, context, out var date)
                || !TryTime(result.GetValue(since), "--since", context, out var from)
                || !TryTime(result.GetValue(until), "--until", context, out var to))
            {
                return ExitCodes.InvalidInput;
            }

            if (from is { } start && to is { } end && end <= start)
            {
                context.Fail("--until must be after --since: the window would be empty");
                return ExitCodes.InvalidInput;
            }

            var loaded = DefinitionFiles.Load(result.GetRequiredValue(definition));
            if (loaded.Definition is not { } parsed)
            {
                context.ReportErrors(loaded.Errors, loaded.OmittedErrors);
                return ExitCodes.InvalidInput;
            }

            var plan = Planner.Build(parsed, date);
            var limits = UsageLimits.Default;
            var tally = new UsageTally(UsageIndex.Build(parsed, plan), from, to, limits);
            var shown = 0;
            foreach (var path in result.GetRequiredValue(logs))
            {
                if (!AuditLogFiles.Read(path, tally, limits, context, ref shown))
                {
                    NotShown(context, shown);
                    return ExitCodes.InvalidInput;
                }
            }

            NotShown(context, shown);

            var report = tally.Report();
            context.Out.Write(result.GetValue(format) switch
            {
                "json" => UsageJson.Render(report),
                "markdown" => UsageMarkdown.Render(report),
                "sarif" => UsageSarif.Render(report),
                "html" => UsageHtml.Render(report, Guardrails.Check([parsed], [plan], date), date),
                _ => UsageText.Render(report),
            });
            return report.HasAnomalies ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    private static void NotShown(CliContext context, int shown)
    {
        if (shown > CliContext.MaxErrorsShown)
        {
            context.Error.Write($"and {(shown - CliContext.MaxErrorsShown).ToString(CultureInfo.InvariantCulture)} more malformed line(s) not shown\n");
        }
    }

    private static bool TryTime(string? text, string option, CliContext context, out DateTimeOffset? time)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            time = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return true;
        }

        if (AuditTime.TryParse(text, out var parsed))
        {
            time = parsed;
            return true;
        }

        context.Fail($"{option}: '{text}' is not a date (YYYY-MM-DD) or an RFC 3339 time");
        return false;
    }
}
