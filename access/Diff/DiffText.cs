using System.Text;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Diff;

/// <summary>The diff for a terminal: one summary line per environment, then +/- lines per identity.</summary>
public static class DiffText
{
    public static string Render(AccessDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var text = new StringBuilder();
        foreach (var environment in diff.Environments)
        {
            text.Append(environment.Environment).Append(" (").Append(DiffWording.Tier(environment.Tier)).Append("): ")
                .Append(DiffWording.Summary(environment)).Append('\n');
            foreach (var endpoint in environment.Endpoints)
            {
                text.Append("  ~ endpoint ").Append(endpoint.Field).Append(": ").Append(endpoint.Before).Append(" -> ").Append(endpoint.After)
                    .Append(endpoint.Widens ? environment.EndpointsReachProduction ? "  [widens, onto production]" : "  [widens]" : "").Append('\n');
            }

            foreach (var setting in environment.Settings)
            {
                text.Append("  ~ environment setting changed: ").Append(setting.Field).Append(": ").Append(setting.Before).Append(" -> ").Append(setting.After)
                    .Append(setting.Widens ? "  [widens]" : "").Append('\n');
            }

            foreach (var identity in environment.Identities)
            {
                text.Append("  ").Append(identity.Identity).Append(" (").Append(DiffWording.Status(identity.Status)).Append(", ")
                    .Append(identity.CiSubject).Append(")\n");
                foreach (var trust in identity.Trust)
                {
                    text.Append("    ~ ").Append(trust.Field).Append(": ").Append(trust.Before).Append(" -> ").Append(trust.After)
                        .Append(trust.Widens ? "  [widens]" : "").Append('\n');
                }

                foreach (var change in identity.Changes)
                {
                    text.Append("    ").Append(DiffWording.Sign(change.Change)).Append(' ').Append(change.System).Append(' ')
                        .Append(change.Scope).Append(' ').Append(change.Resource).Append(' ').Append(change.Action);
                    if (!change.Risks.IsEmpty)
                    {
                        text.Append("  [").Append(DiffWording.Risks(change.Risks)).Append(']');
                    }

                    text.Append('\n');
                }
            }

            foreach (var flow in environment.Network)
            {
                text.Append("  ").Append(DiffWording.Sign(flow.Change)).Append(" network ").Append(flow.Namespace).Append(" (").Append(flow.Pipeline).Append("): ")
                    .Append(flow.Flow).Append(flow.Widens ? "  [widens]" : "").Append('\n');
            }

            Findings(text, "introduced", environment.FindingsIntroduced);
            Findings(text, "resolved", environment.FindingsResolved);
            foreach (var waived in environment.WaivedIntroduced)
            {
                var finding = waived.Finding;
                text.Append("  finding waived: ").Append(finding.RuleId).Append(' ').Append(finding.Subject).Append(FindingsText.On(finding))
                    .Append(": ").Append(finding.Message).Append(" (").Append(finding.Location.ToString()).Append("; exception at ")
                    .Append(waived.Waiver.Location.ToString()).Append(", approved by ").Append(waived.Waiver.ApprovedBy)
                    .Append(", expires ").Append(waived.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(")\n");
            }

            foreach (var extended in environment.WaiversExtended)
            {
                var finding = extended.Waived.Finding;
                text.Append("  waiver extended: ").Append(finding.RuleId).Append(' ').Append(finding.Subject).Append(FindingsText.On(finding))
                    .Append(": ").Append(finding.Message).Append(" (exception at ").Append(extended.Waived.Waiver.Location.ToString())
                    .Append(", approved by ").Append(extended.Waived.Waiver.ApprovedBy).Append(", expires ")
                    .Append(extended.ExpiresBefore.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(" -> ")
                    .Append(extended.Waived.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(")\n");
            }
        }

        if (diff.ProductionAccessGrows)
        {
            text.Append("production access grows\n");
        }

        return text.ToString();
    }

    private static void Findings(StringBuilder text, string title, IReadOnlyList<Finding> findings)
    {
        foreach (var finding in findings)
        {
            text.Append("  finding ").Append(title).Append(": ").Append(finding.RuleId).Append(' ').Append(finding.Subject)
                .Append(": ").Append(finding.Message).Append(" (").Append(finding.Location.ToString()).Append(")\n");
        }
    }
}
