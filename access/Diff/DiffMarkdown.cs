using System.Globalization;
using System.Text;
using Infra.Access.Rules;

namespace Infra.Access.Diff;

/// <summary>
/// The diff as a pull-request comment: a summary line per environment, a table of gained and lost
/// rows per identity with risk flags, guardrail findings introduced and resolved, and a Mermaid
/// picture of the changed chain. The first line is <see cref="Marker"/>, so a workflow finds and
/// updates its one comment instead of adding another.
/// </summary>
public static class DiffMarkdown
{
    public const string Marker = "<!-- access-diff -->";

    /// <summary>Tables longer than this are folded into a details block.</summary>
    public const int FoldRowsAbove = 10;

    /// <summary>The diagram draws at most this many edges per environment; the tables list everything.</summary>
    public const int MaxDiagramEdges = 30;

    public static string Render(AccessDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var md = new StringBuilder();
        md.Append(Marker).Append('\n');
        md.Append("## Access diff\n\n");
        if (diff.Environments.IsEmpty)
        {
            md.Append("No environment definitions were compared.\n");
            return md.ToString();
        }

        foreach (var environment in diff.Environments)
        {
            md.Append("- **").Append(Escape(environment.Environment)).Append("** (").Append(DiffWording.Tier(environment.Tier)).Append("): ")
                .Append(DiffWording.Summary(environment)).Append('\n');
        }

        if (diff.ProductionAccessGrows)
        {
            md.Append("\n> [!WARNING]\n> Production access grows: this change needs a production access review.\n");
        }

        foreach (var environment in diff.Environments.Where(e => e.AccessChanged || e.FindingsChanged))
        {
            Environment(md, environment);
        }

        return md.ToString();
    }

    private static void Environment(StringBuilder md, EnvironmentDiff environment)
    {
        md.Append("\n### ").Append(Escape(environment.Environment)).Append(" (").Append(DiffWording.Tier(environment.Tier)).Append(")\n\n");
        if (environment.AccessChanged)
        {
            md.Append("Identities added: ").Append(Names(environment.IdentitiesAdded)).Append("  \n");
            md.Append("Identities removed: ").Append(Names(environment.IdentitiesRemoved)).Append('\n');
        }

        foreach (var identity in environment.Identities)
        {
            Identity(md, identity);
        }

        Findings(md, environment);
        if (environment.AccessChanged)
        {
            Diagram(md, environment);
        }
    }

    private static void Identity(StringBuilder md, IdentityDiff identity)
    {
        md.Append("\n#### ").Append(Code(identity.Identity)).Append(": ").Append(DiffWording.Status(identity.Status))
            .Append(string.Create(CultureInfo.InvariantCulture, $" (+{identity.Gained}, -{identity.Lost})\n\n"));
        md.Append("CI subject: ").Append(Code(identity.CiSubject)).Append('\n');
        if (!identity.Trust.IsEmpty)
        {
            md.Append("\n| who may assume it | before | after | widens |\n|---|---|---|---|\n");
            foreach (var trust in identity.Trust)
            {
                md.Append("| ").Append(Escape(trust.Field)).Append(" | ").Append(Code(trust.Before)).Append(" | ").Append(Code(trust.After))
                    .Append(" | ").Append(trust.Widens ? "**yes**" : "no").Append(" |\n");
            }
        }

        if (identity.Changes.IsEmpty)
        {
            return;
        }

        var fold = identity.Changes.Length > FoldRowsAbove;
        md.Append('\n');
        if (fold)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture, $"<details><summary>{identity.Changes.Length} changed grants</summary>\n\n"));
        }

        md.Append("| | system | scope | resource | action | granted by | risk |\n|---|---|---|---|---|---|---|\n");
        foreach (var change in identity.Changes)
        {
            var risks = DiffWording.Risks(change.Risks);
            md.Append("| ").Append(DiffWording.Sign(change.Change))
                .Append(" | ").Append(change.System)
                .Append(" | ").Append(Escape(change.Scope))
                .Append(" | ").Append(Code(change.Resource))
                .Append(" | ").Append(Escape(change.Action))
                .Append(" | ").Append(Escape(change.GrantedBy))
                .Append(" | ").Append(risks.Length == 0 ? "" : "**" + risks + "**").Append(" |\n");
        }

        if (fold)
        {
            md.Append("\n</details>\n");
        }
    }

    private static void Findings(StringBuilder md, EnvironmentDiff environment)
    {
        if (!environment.FindingsChanged)
        {
            return;
        }

        md.Append("\n#### Guardrail findings\n");
        FindingList(md, "Introduced", environment.FindingsIntroduced);
        FindingList(md, "Resolved", environment.FindingsResolved);
        if (environment.WaivedIntroduced.IsEmpty)
        {
            return;
        }

        // A waived finding still describes access the change grants: the reviewer approves the exception's use, not only its text.
        md.Append("\nWaived by an exception (new in this change):\n\n");
        foreach (var waived in environment.WaivedIntroduced)
        {
            var finding = waived.Finding;
            md.Append("- waived ").Append(Code(finding.RuleId)).Append(' ').Append(Escape(finding.RuleName))
                .Append(" on ").Append(Code(finding.Subject));
            if (finding.Object is not null)
            {
                md.Append(" object ").Append(Code(finding.Object));
            }

            md.Append(": ").Append(Escape(finding.Message)).Append(" (").Append(Escape(finding.Location.ToString()))
                .Append("; exception at ").Append(Escape(waived.Waiver.Location.ToString())).Append(", approved by ")
                .Append(Escape(waived.Waiver.ApprovedBy)).Append(", expires ")
                .Append(waived.Waiver.Expires.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append(")\n");
        }
    }

    private static void FindingList(StringBuilder md, string title, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        md.Append('\n').Append(title).Append(":\n\n");
        foreach (var finding in findings)
        {
            md.Append("- ").Append(finding.Severity == Severity.Error ? "**error**" : "warning")
                .Append(' ').Append(Code(finding.RuleId)).Append(' ').Append(Escape(finding.RuleName))
                .Append(" on ").Append(Code(finding.Subject)).Append(": ").Append(Escape(finding.Message))
                .Append(" (").Append(Escape(finding.Location.ToString())).Append(")\n");
        }
    }

    private static void Diagram(StringBuilder md, EnvironmentDiff environment)
    {
        var edges = DiffChain.Edges(environment);
        var fold = edges.Count > 12;
        md.Append('\n');
        md.Append(fold ? "<details><summary>Access chain (diagram)</summary>\n\n" : "#### Access chain\n\n");
        md.Append("```mermaid\nflowchart LR\n");
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string Node(string label)
        {
            if (!ids.TryGetValue(label, out var id))
            {
                id = "n" + ids.Count.ToString(CultureInfo.InvariantCulture);
                ids.Add(label, id);
                md.Append("  ").Append(id).Append("[\"").Append(MermaidText(label)).Append("\"]\n");
            }

            return id;
        }

        foreach (var edge in edges.Take(MaxDiagramEdges))
        {
            var from = Node(edge.From);
            var to = Node(edge.To);
            md.Append("  ").Append(from).Append(edge.Lost ? " -.->" : " -->");
            if (edge.Label.Length > 0)
            {
                md.Append("|\"").Append(MermaidText(edge.Label)).Append("\"|");
            }

            md.Append(' ').Append(to).Append('\n');
        }

        md.Append("```\n");
        if (edges.Count > MaxDiagramEdges)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"\n... and {edges.Count - MaxDiagramEdges} more edges, not drawn; the tables above list every change.\n"));
        }

        if (fold)
        {
            md.Append("\n</details>\n");
        }
    }

    private static string Names(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names.Select(Code));

    /// <summary>A code span; names are validated, but a backtick must never end the span early.</summary>
    private static string Code(string text) => "`" + text.Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ") + "`";

    /// <summary>Table-safe text: no cell break, no HTML, no line break.</summary>
    private static string Escape(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .ReplaceLineEndings(" ");

    /// <summary>Text inside a quoted Mermaid label: quotes and angle brackets as Mermaid entity codes.</summary>
    private static string MermaidText(string text) => text
        .Replace("\"", "#quot;", StringComparison.Ordinal)
        .Replace("<", "#lt;", StringComparison.Ordinal)
        .Replace(">", "#gt;", StringComparison.Ordinal)
        .ReplaceLineEndings(" ");
}
