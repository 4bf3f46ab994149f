using System.Globalization;
using System.Text;

namespace Infra.Access.Usage;

/// <summary>The usage report as Markdown (an issue or a PR comment): anomalies first, then what to prune, then what was used; each table bounded.</summary>
public static class UsageMarkdown
{
    public const int MaxRows = 100;

    public static string Render(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## Access usage: {Cell(report.Environment)}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{Cell(report.Definition)}, {UsageText.Window(report)}: {Cell(UsageText.Summary(report))}.\n\n");
        if (UsageText.NothingInWindow(report) is { } nothing)
        {
            md.Append(CultureInfo.InvariantCulture, $"> **{Cell(nothing)}**\n\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"### Anomalies: {report.AnomalyCount} record(s) in {report.Anomalies.Length} group(s)\n\n");
        if (report.Anomalies.IsEmpty)
        {
            md.Append("None.\n\n");
        }
        else
        {
            md.Append("| level | ID | who | action | detail | count | first seen | last seen | first at |\n|---|---|---|---|---|---:|---|---|---|\n");
            foreach (var a in report.Anomalies.Take(MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {(a.Severity == Rules.Severity.Error ? "error" : "warning")} | {a.Id} `{a.Name}` | {Cell(UsageText.Who(a))} | {Cell(a.Action)} | {Cell(a.Detail)} | {a.Count} | {AuditTime.Format(a.FirstSeen)} | {AuditTime.Format(a.LastSeen)} | {Cell(a.FirstAt.ToString())} |\n");
            }

            More(md, report.Anomalies.Length, "group(s)");
            if (report.AnomaliesNotItemized > 0)
            {
                md.Append(CultureInfo.InvariantCulture, $"{report.AnomaliesNotItemized} more anomalous record(s) beyond the group limit, counted, not itemized.\n\n");
            }
        }

        var unused = report.Identities.SelectMany(i => i.Unused.Select(g => (i.Identity, Grant: g))).ToList();
        md.Append(CultureInfo.InvariantCulture, $"### Grants never used in the window: {unused.Count} (candidates to prune)\n\n");
        if (unused.Count > 0)
        {
            md.Append("| identity | system | scope | resource | action | granted by | declared at |\n|---|---|---|---|---|---|---|\n");
            foreach (var (identity, g) in unused.Take(MaxRows))
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(identity)} | {g.System} | {Cell(g.Scope)} | {Cell(g.Resource)} | {Cell(g.Action)} | {Cell(g.GrantedBy)} | {Cell(g.Declared.ToString())} |\n");
            }

            More(md, unused.Count, "grant(s)");
        }

        md.Append("### Identities\n\n| identity | state | requests | Vault logins | grants used | never used | last seen |\n|---|---|---:|---:|---:|---:|---|\n");
        foreach (var i in report.Identities.Take(MaxRows))
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {Cell(i.Identity)} | {i.State.ToString().ToLowerInvariant()} | {i.Requests} | {i.Logins} | {i.Used.Length} | {i.Unused.Length} | {(i.LastSeen is { } last ? AuditTime.Format(last) : "never")} |\n");
        }

        More(md, report.Identities.Length, "identities");
        return md.ToString();
    }

    private static void More(StringBuilder md, int count, string what)
    {
        if (count > MaxRows)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n... and {count - MaxRows} more {what}; `--format json` lists them all.\n");
        }

        md.Append('\n');
    }

    /// <summary>Text from a log or a definition, safe in a table cell: no pipe, no HTML, no code span breaking out.</summary>
    private static string Cell(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)
            .Replace("`", "\\`", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
}
