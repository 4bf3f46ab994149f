using Infra.Access.Rendering;

namespace Infra.Access.Rules.Reporting;

/// <summary>Findings for tools, in the project's one JSON style.</summary>
public static class FindingsJson
{
    public static string Render(GuardrailReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Json.Serialize(new
        {
            errors = report.Errors,
            warnings = report.Warnings,
            findings = report.Findings.Select(Shape),
            waived = report.Waived.Select(w => new
            {
                finding = Shape(w.Finding),
                exception = new { rule = w.Waiver.Rule, subject = w.Waiver.Subject, @object = w.Waiver.Object, reason = w.Waiver.Reason, expires = w.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), approvedBy = w.Waiver.ApprovedBy, location = w.Waiver.Location.ToString() },
            }),
            expiredExceptions = report.ExpiredWaivers.Select(w => new { rule = w.Rule, subject = w.Subject, expires = w.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), location = w.Location.ToString() }),
        });
    }

    private static object Shape(Finding f) => new
    {
        ruleId = f.RuleId,
        rule = f.RuleName,
        severity = FindingsText.Level(f.Severity),
        environment = f.Environment,
        subject = f.Subject,
        @object = f.Object,
        message = f.Message,
        remediation = f.Remediation,
        location = new { file = f.Location.File, line = f.Location.Line, column = f.Location.Column },
    };
}
