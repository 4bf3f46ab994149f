using System.Globalization;
using System.Text;

namespace Infra.Access.Rules.Reporting;

/// <summary>Findings for people: <c>file:line:col: error K8S001 no-rbac-wildcard: [env] subject: message</c>, then a summary.</summary>
public static class FindingsText
{
    public static string Render(GuardrailReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var f in report.Findings)
        {
            text.Append(CultureInfo.InvariantCulture, $"{f.Location}: {Level(f.Severity)} {f.RuleId} {f.RuleName}: [{f.Environment}] {f.Subject}{On(f)}: {f.Message}\n");
            text.Append("  fix: ").Append(f.Remediation).Append('\n');
        }

        foreach (var w in report.Waived)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{w.Finding.Location}: waived {w.Finding.RuleId} {w.Finding.RuleName}: [{w.Finding.Environment}] {w.Finding.Subject}{On(w.Finding)}: {w.Finding.Message} (exception at {w.Waiver.Location}, approved by {w.Waiver.ApprovedBy}, expires {w.Waiver.Expires:yyyy-MM-dd})\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"{report.Errors} error(s), {report.Warnings} warning(s), {report.Waived.Length} waived, {report.ExpiredWaivers.Length} expired exception(s)\n");
        return text.ToString();
    }

    /// <summary>The finding's object, as an exception names it: <c> (object payments-prod/ci-payments-api-deploy)</c>.</summary>
    public static string On(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding.Object is null ? "" : $" (object {finding.Object})";
    }

    public static string Level(Severity severity) => severity == Severity.Error ? "error" : "warning";
}
