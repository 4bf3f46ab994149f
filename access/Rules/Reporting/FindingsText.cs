using System.Globalization;
using System.Text;

namespace Infra.Access.Rules.Reporting;

/// <summary>Findings for people: <c>file:line:col: error K8S001 no-rbac-wildcard: [env] subject: message</c>, at most <see cref="MaxShown"/>, then a summary.</summary>
public static class FindingsText
{
    public static string Render(GuardrailReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var f in report.Findings.Take(MaxShown))
        {
            text.Append(CultureInfo.InvariantCulture, $"{f.Location}: {Level(f.Severity)} {f.RuleId} {f.RuleName}: [{f.Environment}] {f.Subject}{On(f)}: {f.Message}\n");
            text.Append("  fix: ").Append(f.Remediation).Append('\n');
        }

        NotShown(text, report.Findings.Length, "finding(s)");
        foreach (var w in report.Waived.Take(MaxShown))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{w.Finding.Location}: waived {w.Finding.RuleId} {w.Finding.RuleName}: [{w.Finding.Environment}] {w.Finding.Subject}{On(w.Finding)}: {w.Finding.Message} (exception at {w.Waiver.Location}, approved by {w.Waiver.ApprovedBy}, expires {w.Waiver.Expires:yyyy-MM-dd})\n");
        }

        NotShown(text, report.Waived.Length, "waived finding(s)");
        text.Append(CultureInfo.InvariantCulture, $"{report.Errors} error(s), {report.Warnings} warning(s), {report.Waived.Length} waived, {report.ExpiredWaivers.Length} expired exception(s)\n");
        return text.ToString();
    }

    /// <summary>
    /// Findings (and waived findings) listed in the text report; the summary line still counts all.
    /// Text is for people (issue 11, class 9): a hostile catalog of thousands of mistakes prints
    /// the first screenfuls, not megabytes. JSON and SARIF list every finding (README, "The `access` command line").
    /// </summary>
    public const int MaxShown = 100;

    private static void NotShown(StringBuilder text, int count, string what)
    {
        if (count > MaxShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"... and {count - MaxShown} more {what} not shown; --format json or sarif lists them all\n");
        }
    }

    /// <summary>The finding's object, as an exception names it: <c> (object payments-prod/ci-payments-api-deploy)</c>.</summary>
    public static string On(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Object is null ? "" : $" (object {finding.Object})";
    }

    public static string Level(Severity severity) => severity == Severity.Error ? "error" : "warning";
}
