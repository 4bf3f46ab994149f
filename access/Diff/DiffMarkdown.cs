using System.Globalization;
using System.Text;
using Infra.Access.Rules;

namespace Infra.Access.Diff;

/// <summary>How large a comment may grow, and where the full report is when it does not fit.</summary>
/// <param name="MaxCharacters">The bound (counted in UTF-8 bytes, which is never less than characters); 0: no bound.</param>
/// <param name="FullReportUrl">Where the full report is (the workflow run: job summary and artifact); null: the comment says how to produce it.</param>
public sealed record DiffMarkdownOptions(int MaxCharacters = DiffMarkdown.DefaultMaxCharacters, string? FullReportUrl = null)
{
    /// <summary>The whole diff, however long: the full report.</summary>
    public static DiffMarkdownOptions Unbounded { get; } = new(0);
}

/// <summary>
/// The diff as a pull-request comment, risk first: the summary line per environment; a risk summary
/// table (production, credential, secret, write, trust and network changes per environment) and the
/// riskiest changes; the guardrail findings a change introduces, waives or resolves; a Mermaid picture
/// of the changed chain, riskiest edges first; then changes to existing identities, new identities,
/// network flows, and removals (folded). The comment stays under <see cref="DefaultMaxCharacters"/>
/// (GitHub refuses comments over <see cref="CommentLimit"/> characters) at any catalog size: what does
/// not fit is left out in that order, the comment says so and points to the full report. The first
/// line is <see cref="Marker"/>, so a workflow finds and updates its one comment.
/// </summary>
public static class DiffMarkdown
{
    public const string Marker = "<!-- access-diff -->";

    /// <summary>GitHub's limit on an issue or pull-request comment body.</summary>
    public const int CommentLimit = 65_536;

    /// <summary>The default bound: the limit less room for the sticky-comment action's own header.</summary>
    public const int DefaultMaxCharacters = 60_000;

    /// <summary>Tables longer than this are folded into a details block.</summary>
    public const int FoldRowsAbove = 10;

    /// <summary>The diagram draws at most this many edges per environment, riskiest first; the tables list everything.</summary>
    public const int MaxDiagramEdges = 30;

    /// <summary>The riskiest-changes table lists at most this many.</summary>
    public const int MaxRiskRows = 40;

    /// <summary>Each list of findings shows at most this many, then counts the rest.</summary>
    public const int MaxFindings = 50;

    /// <summary>Room kept for the note that says what was left out, besides the full report's URL (counted on top).</summary>
    private const int NoteReserve = 700;

    /// <summary>Room an outline keeps for its last line (how many environments were left out).</summary>
    private const int OutlineReserve = 64;

    public static string Render(AccessDiff diff) => Render(diff, new DiffMarkdownOptions());

    public static string Render(AccessDiff diff, DiffMarkdownOptions options)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(options);
        var comment = Compose(diff, options);
        // Only the blocks below the risk summary are cut to fit: with thousands of environments, or
        // very long names in the risky rows, the top alone could pass the bound. Then the comment is
        // an outline that always fits, and the full report holds the rest.
        return options.MaxCharacters <= 0 || Encoding.UTF8.GetByteCount(comment) <= options.MaxCharacters ? comment : Outline(diff, options);
    }

    private static string Compose(AccessDiff diff, DiffMarkdownOptions options)
    {
        var head = new StringBuilder();
        head.Append(Marker).Append('\n');
        head.Append("## Access diff\n\n");
        if (diff.Environments.IsEmpty)
        {
            head.Append("No environment definitions were compared.\n");
            return head.ToString();
        }

        foreach (var environment in diff.Environments)
        {
            head.Append("- **").Append(Escape(environment.Environment)).Append("** (").Append(DiffWording.Tier(environment.Tier)).Append("): ")
                .Append(DiffWording.Summary(environment)).Append('\n');
        }

        if (diff.ProductionAccessGrows)
        {
            head.Append("\n> [!WARNING]\n> Production access grows: this change needs a production access review.\n");
        }

        var changed = diff.Environments.Where(e => e.AccessChanged || e.FindingsChanged).ToList();
        if (changed.Count == 0)
        {
            return head.ToString();
        }

        var abbreviations = ActionAbbreviations.For(diff);
        var items = DiffRanking.Items(diff);
        RiskSummary(head, changed, items, abbreviations);

        // The note links the full report: a long URL (a proxy, a signed artifact link) must not push the comment over the bound.
        var reserve = NoteReserve + (options.FullReportUrl is { } link ? Encoding.UTF8.GetByteCount(link) : 0);
        var budget = options.MaxCharacters <= 0 ? int.MaxValue : options.MaxCharacters - Bytes(head) - reserve;
        var body = new Body(budget);
        foreach (var environment in changed.Where(e => e.FindingsChanged))
        {
            body.Section($"\n### Guardrail findings: {Escape(environment.Environment)}\n", "", [Findings(environment)]);
        }

        foreach (var environment in changed.Where(e => e.AccessChanged && (!e.Identities.IsEmpty)))
        {
            body.Section("", "", [Diagram(environment, abbreviations)]);
        }

        var identities = changed.SelectMany(e => e.Identities.Select(i => (Environment: e, Identity: i))).ToList();
        body.Section("\n### Changes to existing identities\n", "",
            [.. changed.Where(e => !e.Endpoints.IsEmpty).Select(Endpoints), .. changed.Where(e => !e.Settings.IsEmpty).Select(Settings), .. identities.Where(p => p.Identity.Status == IdentityStatus.Changed).Select(p => Identity(p.Environment, p.Identity, abbreviations))]);
        body.Section("\n### New identities\n", "",
            [.. identities.Where(p => p.Identity.Status == IdentityStatus.Added).Select(p => Identity(p.Environment, p.Identity, abbreviations))]);
        body.Section("\n### Network\n", "", [.. changed.SelectMany(Network)]);
        var removed = identities.Where(p => p.Identity.Status == IdentityStatus.Removed).ToList();
        body.Section(
            string.Create(CultureInfo.InvariantCulture, $"\n### Removals\n\n<details><summary>{DiffWording.Count(removed.Count, "identity loses", "identities lose")} all access ({DiffWording.Count(removed.Sum(p => p.Identity.Lost), "grant", "grants")})</summary>\n"),
            "\n</details>\n",
            [.. removed.Select(p => Identity(p.Environment, p.Identity, abbreviations))]);

        if (body.Omitted > 0)
        {
            head.Append("\n> [!NOTE]\n> ").Append(string.Create(CultureInfo.InvariantCulture,
                $"The full diff does not fit in one comment (GitHub takes at most {CommentLimit:N0} characters): this comment keeps the risk summary, the riskiest changes and {body.Shown} of {body.Shown + body.Omitted} blocks below; {body.Omitted} left out. "));
            head.Append(FullReport(options.FullReportUrl));
        }

        return head.Append(body.Text).ToString();
    }

    private static string FullReport(string? url) => url is not null
        ? $"The full report is in the [job summary and the `access-diff-report` artifact]({url}).\n"
        : "The full report: the job summary and the `access-diff-report` artifact of the access-diff workflow run, or `access diff ... --format markdown --max-chars 0`.\n";

    /// <summary>
    /// The comment when even its summary does not fit: the marker, the production warning, a note,
    /// and each environment's summary line while they fit (those whose production access grows, then
    /// the other production ones, then the rest), then how many were left out.
    /// </summary>
    private static string Outline(AccessDiff diff, DiffMarkdownOptions options)
    {
        var text = new StringBuilder();
        text.Append(Marker).Append('\n').Append("## Access diff\n\n");
        if (diff.ProductionAccessGrows)
        {
            text.Append("> [!WARNING]\n> Production access grows: this change needs a production access review.\n\n");
        }

        var note = string.Create(CultureInfo.InvariantCulture,
            $"> [!NOTE]\n> Even the summary of this diff does not fit in one comment (GitHub takes at most {CommentLimit:N0} characters): this comment lists what changed per environment while it fits. ");
        // A link too long for the bound gives way to the words that say where the report is.
        var withLink = note + FullReport(options.FullReportUrl) + "\n";
        text.Append(Encoding.UTF8.GetByteCount(withLink) + Bytes(text) + OutlineReserve <= options.MaxCharacters ? withLink : note + FullReport(null) + "\n");
        var used = Bytes(text);
        var shown = 0;
        // Riskiest first, so a production environment late in name order is never the one left out.
        foreach (var environment in diff.Environments.OrderByDescending(e => e.ProductionAccessGrows).ThenByDescending(e => e.Tier == Definition.Tier.Production))
        {
            var line = "- **" + Escape(environment.Environment) + "** (" + DiffWording.Tier(environment.Tier) + "): " + DiffWording.Summary(environment) + "\n";
            var size = Encoding.UTF8.GetByteCount(line);
            if (used + size + OutlineReserve > options.MaxCharacters)
            {
                break;
            }

            text.Append(line);
            used += size;
            shown++;
        }

        if (shown < diff.Environments.Length)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture, $"- ... and {DiffWording.Count(diff.Environments.Length - shown, "more environment", "more environments")}\n"));
        }

        return text.ToString();
    }

    private static int Bytes(StringBuilder text) => Encoding.UTF8.GetByteCount(text.ToString());

    /// <summary>The blocks below the risk summary, added in order while they fit; a section heading only with a block under it.</summary>
    private sealed class Body(int budget)
    {
        private int _used;

        public StringBuilder Text { get; } = new();

        public int Shown { get; private set; }

        public int Omitted { get; private set; }

        public void Section(string open, string close, IReadOnlyList<string> blocks)
        {
            var frame = Encoding.UTF8.GetByteCount(open) + Encoding.UTF8.GetByteCount(close);
            var opened = false;
            foreach (var block in blocks)
            {
                var size = Encoding.UTF8.GetByteCount(block) + (opened ? 0 : frame);
                if (_used + size > budget)
                {
                    Omitted++;
                    continue;
                }

                if (!opened)
                {
                    Text.Append(open);
                    opened = true;
                }

                Text.Append(block);
                _used += size;
                Shown++;
            }

            if (opened)
            {
                Text.Append(close);
            }
        }
    }

    private static void RiskSummary(StringBuilder md, IReadOnlyList<EnvironmentDiff> environments, IReadOnlyList<ReviewItem> items, ActionAbbreviations abbreviations)
    {
        md.Append("\n### Risk summary\n\n");
        md.Append("| environment | production | credential | secret | write | trust | network | findings |\n|---|---|---|---|---|---|---|---|\n");
        foreach (var environment in environments)
        {
            var mine = items.Where(i => i.Environment == environment.Environment).ToList();
            string Rows(Risk risk) => Count(mine.Where(i => i.Kind == ReviewKind.Grant && i.Risks.Contains(risk)));
            // An error newly waived (or for longer) is what access check no longer refuses: bold, as a widening.
            var waivers = (environment.WaivedIntroduced.IsEmpty ? "" : string.Create(CultureInfo.InvariantCulture, $", {environment.WaivedIntroduced.Length} newly waived"))
                + (environment.WaiversExtended.IsEmpty ? "" : string.Create(CultureInfo.InvariantCulture, $", {environment.WaiversExtended.Length} waived for longer"));
            var findings = string.Create(CultureInfo.InvariantCulture, $"+{environment.FindingsIntroduced.Length} / -{environment.FindingsResolved.Length}")
                + (environment.WaiversWiden ? ", **" + waivers[2..] + "**" : waivers);
            md.Append("| ").Append(Escape(environment.Environment)).Append(environment.Tier == Definition.Tier.Production ? " (production)" : "")
                .Append(" | ").Append(Rows(Risk.Production))
                .Append(" | ").Append(Rows(Risk.Credential))
                .Append(" | ").Append(Rows(Risk.Secret))
                .Append(" | ").Append(Rows(Risk.Write))
                .Append(" | ").Append(Count(mine.Where(i => i.Kind == ReviewKind.Trust)))
                .Append(" | ").Append(Count(mine.Where(i => i.Kind == ReviewKind.Network)))
                .Append(" | ").Append(findings).Append(" |\n");
        }

        md.Append("\n`+` gained or widening, `-` lost or narrowing; a production row of a non-production environment lands on a production resource.\n");
        var risky = items.Where(i => i.IsRisky).ToList();
        if (risky.Count == 0)
        {
            return;
        }

        md.Append(string.Create(CultureInfo.InvariantCulture, $"\n#### Riskiest changes ({Math.Min(risky.Count, MaxRiskRows)} of {risky.Count})\n\n"));
        md.Append("| | risk | environment | identity or namespace | change |\n|---|---|---|---|---|\n");
        foreach (var item in risky.Take(MaxRiskRows))
        {
            md.Append("| ").Append(Sign(item)).Append(" | ").Append(RiskCell(item)).Append(" | ").Append(Escape(item.Environment))
                .Append(" | ").Append(Code(item.Subject)).Append(" | ").Append(ChangeCell(item, abbreviations)).Append(" |\n");
        }

        Legend(md, abbreviations);
    }

    private static string Count(IEnumerable<ReviewItem> items)
    {
        var (grows, shrinks) = (0, 0);
        foreach (var item in items)
        {
            _ = item.Grows ? grows++ : shrinks++;
        }

        return grows + shrinks == 0 ? "0" : string.Create(CultureInfo.InvariantCulture, $"{(grows > 0 ? "**+" + grows.ToString(CultureInfo.InvariantCulture) + "**" : "+0")} / -{shrinks}");
    }

    private static string Sign(ReviewItem item) => item.Kind switch
    {
        ReviewKind.Trust => "~",
        ReviewKind.Network => DiffWording.Sign(item.Network!.Change),
        _ => DiffWording.Sign(item.Row!.Change),
    };

    private static string RiskCell(ReviewItem item)
    {
        var words = item.Risks.Select(DiffWording.Risk).ToList();
        if (item.Kind == ReviewKind.Trust)
        {
            words.Add(item.Grows ? "trust widens" : "trust");
        }
        else if (item.Kind == ReviewKind.Network)
        {
            words.Add(item.Grows ? "network widens" : "network");
        }

        var text = string.Join(", ", words);
        return text.Length == 0 ? "" : item.Grows || item.Risks.Contains(Risk.Production) ? "**" + text + "**" : text;
    }

    private static string ChangeCell(ReviewItem item, ActionAbbreviations abbreviations) => item.Kind switch
    {
        ReviewKind.Trust => $"{Escape(item.Trust!.Field)}: {Code(item.Trust.Before)} -> {Code(item.Trust.After)}",
        ReviewKind.Network => Escape(item.Network!.Flow),
        _ => $"{item.Row!.System} {Escape(item.Row.Scope)} {Code(item.Row.Resource)} {Escape(abbreviations.Short(item.Row.Action))}",
    };

    private static void Legend(StringBuilder md, ActionAbbreviations abbreviations)
    {
        if (abbreviations.Legend.Count == 0)
        {
            return;
        }

        md.Append("\nAbbreviated actions: ")
            .Append(string.Join("; ", abbreviations.Legend.Select(l => $"`[{l.Key}]` = `{l.Prefix}`"))).Append(".\n");
    }

    private static string Identity(EnvironmentDiff environment, IdentityDiff identity, ActionAbbreviations abbreviations)
    {
        var md = new StringBuilder();
        md.Append("\n#### ").Append(Escape(environment.Environment)).Append(": ").Append(Code(identity.Identity)).Append(" (").Append(DiffWording.Status(identity.Status))
            .Append(string.Create(CultureInfo.InvariantCulture, $", +{identity.Gained}, -{identity.Lost})\n\n"));
        md.Append("CI subject: ").Append(Code(identity.CiSubject)).Append('\n');
        if (!identity.Trust.IsEmpty)
        {
            md.Append("\n| who may assume it | widens | before | after |\n|---|---|---|---|\n");
            foreach (var trust in identity.Trust)
            {
                md.Append("| ").Append(Escape(trust.Field)).Append(" | ").Append(trust.Widens ? "**yes**" : "no")
                    .Append(" | ").Append(Code(trust.Before)).Append(" | ").Append(Code(trust.After)).Append(" |\n");
            }
        }

        if (identity.Changes.IsEmpty)
        {
            return md.ToString();
        }

        var fold = identity.Changes.Length > FoldRowsAbove;
        md.Append('\n');
        if (fold)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture, $"<details><summary>{identity.Changes.Length} changed grants</summary>\n\n"));
        }

        // Risk comes right after the sign: long resource and action names must not push it off screen.
        md.Append("| | risk | system | scope | resource | action | granted by |\n|---|---|---|---|---|---|---|\n");
        foreach (var change in identity.Changes)
        {
            var risks = DiffWording.Risks(change.Risks);
            md.Append("| ").Append(DiffWording.Sign(change.Change))
                .Append(" | ").Append(risks.Length == 0 ? "" : "**" + risks + "**")
                .Append(" | ").Append(change.System)
                .Append(" | ").Append(Escape(change.Scope))
                .Append(" | ").Append(Code(change.Resource))
                .Append(" | ").Append(Escape(abbreviations.Short(change.Action)))
                .Append(" | ").Append(Escape(change.GrantedBy)).Append(" |\n");
        }

        if (fold)
        {
            md.Append("\n</details>\n");
        }

        return md.ToString();
    }

    /// <summary>The environment's moved endpoints: every identity of it now acts on another cluster, Vault server or registry.</summary>
    private static string Endpoints(EnvironmentDiff environment)
    {
        var md = new StringBuilder();
        md.Append("\n#### ").Append(Escape(environment.Environment)).Append(": every identity (endpoints moved)\n\n");
        md.Append("| endpoint | widens | before | after |\n|---|---|---|---|\n");
        foreach (var endpoint in environment.Endpoints)
        {
            md.Append("| ").Append(Escape(endpoint.Field)).Append(" | ")
                .Append(endpoint.Widens ? environment.EndpointsReachProduction ? "**yes, onto production**" : "**yes**" : "no")
                .Append(" | ").Append(Code(endpoint.Before)).Append(" | ").Append(Code(endpoint.After)).Append(" |\n");
        }

        return md.ToString();
    }

    /// <summary>The environment's settings that changed: each is a change for every identity of the environment.</summary>
    private static string Settings(EnvironmentDiff environment)
    {
        var md = new StringBuilder();
        md.Append("\n#### ").Append(Escape(environment.Environment)).Append(": every identity (environment settings changed)\n\n");
        md.Append("| setting | widens | before | after |\n|---|---|---|---|\n");
        foreach (var setting in environment.Settings)
        {
            md.Append("| ").Append(Code(setting.Field)).Append(" | ").Append(setting.Widens ? "**yes**" : "no")
                .Append(" | ").Append(Code(setting.Before)).Append(" | ").Append(Code(setting.After)).Append(" |\n");
        }

        return md.ToString();
    }

    private static IEnumerable<string> Network(EnvironmentDiff environment)
    {
        foreach (var ns in environment.Network.GroupBy(n => n.Namespace, StringComparer.Ordinal))
        {
            var flows = ns.ToList();
            var md = new StringBuilder();
            md.Append("\n#### ").Append(Escape(environment.Environment)).Append(": namespace ").Append(Code(ns.Key))
                .Append(" (").Append(Escape(flows[0].Pipeline)).Append(")\n\n");
            md.Append("| | risk | flow |\n|---|---|---|\n");
            foreach (var flow in flows)
            {
                var risk = flow.Widens ? environment.Tier == Definition.Tier.Production ? "**production, widens**" : "**widens**" : "";
                md.Append("| ").Append(DiffWording.Sign(flow.Change)).Append(" | ").Append(risk).Append(" | ").Append(Escape(flow.Flow)).Append(" |\n");
            }

            yield return md.ToString();
        }
    }

    private static string Findings(EnvironmentDiff environment)
    {
        var md = new StringBuilder();
        FindingList(md, "Introduced", environment.FindingsIntroduced);
        if (!environment.WaivedIntroduced.IsEmpty)
        {
            // A waived finding still describes access the change grants: the reviewer approves the exception's use, not only its text.
            md.Append("\nWaived by an exception (new in this change):\n\n");
            foreach (var waived in environment.WaivedIntroduced.Take(MaxFindings))
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
                    .Append(waived.Waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(")\n");
            }

            More(md, environment.WaivedIntroduced.Length);
        }

        if (!environment.WaiversExtended.IsEmpty)
        {
            md.Append("\nWaived for longer (the exception's expiry moves out):\n\n");
            foreach (var extended in environment.WaiversExtended.Take(MaxFindings))
            {
                var finding = extended.Waived.Finding;
                md.Append("- ").Append(finding.Severity == Severity.Error ? "**error**" : "warning").Append(' ').Append(Code(finding.RuleId))
                    .Append(' ').Append(Escape(finding.RuleName)).Append(" on ").Append(Code(finding.Subject));
                if (finding.Object is not null)
                {
                    md.Append(" object ").Append(Code(finding.Object));
                }

                md.Append(": ").Append(Escape(finding.Message)).Append(" (exception at ").Append(Escape(extended.Waived.Waiver.Location.ToString()))
                    .Append(", approved by ").Append(Escape(extended.Waived.Waiver.ApprovedBy)).Append(", expires ")
                    .Append(extended.ExpiresBefore.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(" -> **")
                    .Append(extended.Waived.Waiver.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("**)\n");
            }

            More(md, environment.WaiversExtended.Length);
        }

        FindingList(md, "Resolved", environment.FindingsResolved);
        return md.ToString();
    }

    private static void FindingList(StringBuilder md, string title, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        md.Append('\n').Append(title).Append(":\n\n");
        foreach (var finding in findings.Take(MaxFindings))
        {
            md.Append("- ").Append(finding.Severity == Severity.Error ? "**error**" : "warning")
                .Append(' ').Append(Code(finding.RuleId)).Append(' ').Append(Escape(finding.RuleName))
                .Append(" on ").Append(Code(finding.Subject)).Append(": ").Append(Escape(finding.Message))
                .Append(" (").Append(Escape(finding.Location.ToString())).Append(")\n");
        }

        More(md, findings.Count);
    }

    private static void More(StringBuilder md, int count)
    {
        if (count > MaxFindings)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture, $"- ... and {count - MaxFindings} more (full report)\n"));
        }
    }

    private static string Diagram(EnvironmentDiff environment, ActionAbbreviations abbreviations)
    {
        var md = new StringBuilder();
        var edges = DiffChain.Edges(environment, abbreviations);
        var drawn = edges.Take(MaxDiagramEdges).ToList();
        var fold = edges.Count > 12;
        md.Append("\n### Access chain: ").Append(Escape(environment.Environment)).Append("\n\n");
        if (fold)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture, $"<details><summary>Diagram ({drawn.Count} of {edges.Count} edges, riskiest first)</summary>\n\n"));
        }

        md.Append(Mermaid(drawn, environment, abbreviations));
        if (edges.Count > MaxDiagramEdges)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"\n... and {edges.Count - MaxDiagramEdges} more edges, not drawn (the least risky); the tables list every change.\n"));
        }

        md.Append("\nSolid arrows are gained, dashed arrows lost; a thick purple arrow carries a risky change, marked P production, C credential, S secret, W write, T trust widened.\n");
        if (fold)
        {
            md.Append("\n</details>\n");
        }

        return md.ToString();
    }

    /// <summary>
    /// The <c>flowchart LR</c> block: nodes with classes for gained, lost and risky, edges coloured
    /// by <c>linkStyle</c> (in drawing order), and a legend subgraph of one node per class.
    /// </summary>
    public static string Mermaid(IReadOnlyList<ChainEdge> edges, EnvironmentDiff environment, ActionAbbreviations? abbreviations = null)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(environment);
        var md = new StringBuilder();
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

        var (gained, lost, risky) = (new List<int>(), new List<int>(), new List<int>());
        var (gainedNodes, lostNodes, riskyNodes) = (new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
        var status = environment.Identities.ToDictionary(i => i.Identity, i => i.Status, StringComparer.Ordinal);
        for (var index = 0; index < edges.Count; index++)
        {
            var edge = edges[index];
            var from = Node(edge.From);
            var to = Node(edge.To);
            md.Append("  ").Append(from).Append(edge.Lost ? " -.->" : " -->");
            if (edge.Label.Length > 0)
            {
                md.Append("|\"").Append(MermaidText(edge.Label)).Append("\"|");
            }

            md.Append(' ').Append(to).Append('\n');
            (edge.Lost ? lost : gained).Add(index);
            if (edge.Risky)
            {
                risky.Add(index);
                riskyNodes.Add(to);
            }

            if (status.TryGetValue(edge.To, out var identityStatus))
            {
                // An identity node is gained when new, lost when it loses everything.
                if (identityStatus == IdentityStatus.Added)
                {
                    gainedNodes.Add(to);
                }
                else if (identityStatus == IdentityStatus.Removed)
                {
                    lostNodes.Add(to);
                }
            }
            else if (edge.Label.StartsWith('+') || edge.Label.StartsWith('-'))
            {
                (edge.Lost ? lostNodes : gainedNodes).Add(to);
            }
        }

        md.Append("  subgraph legend[\"Legend\"]\n    direction LR\n")
            .Append("    lg[\"gained\"]:::gained\n    ll[\"lost\"]:::lost\n    lr[\"risky: P production, C credential, S secret, W write, T trust widened\"]:::risky\n");
        // The abbreviations the drawn labels use, so the picture reads on its own.
        var used = abbreviations?.Legend.Where(l => edges.Any(e => e.Label.Contains($"[{l.Key}]", StringComparison.Ordinal))).ToList() ?? [];
        if (used.Count > 0)
        {
            md.Append("    la[\"").Append(MermaidText(string.Join("; ", used.Select(l => $"[{l.Key}] = {l.Prefix}")))).Append("\"]\n");
        }

        md.Append("  end\n");
        md.Append("  classDef gained fill:#dafbe1,stroke:#1a7f37,color:#0d1117\n");
        md.Append("  classDef lost fill:#ffebe9,stroke:#cf222e,color:#0d1117,stroke-dasharray:4 3\n");
        md.Append("  classDef risky stroke:#bf3989,stroke-width:3px,font-weight:bold\n");
        Classes(md, gainedNodes.Except(lostNodes), "gained");
        Classes(md, lostNodes, "lost");
        Classes(md, riskyNodes, "risky");
        LinkStyle(md, gained, "stroke:#1a7f37");
        LinkStyle(md, lost, "stroke:#cf222e");
        LinkStyle(md, risky, "stroke:#bf3989,stroke-width:3px");
        md.Append("```\n");
        return md.ToString();
    }

    private static void Classes(StringBuilder md, IEnumerable<string> nodes, string name)
    {
        var list = nodes.ToList();
        if (list.Count > 0)
        {
            md.Append("  class ").Append(string.Join(",", list)).Append(' ').Append(name).Append('\n');
        }
    }

    private static void LinkStyle(StringBuilder md, List<int> edges, string style)
    {
        if (edges.Count > 0)
        {
            md.Append("  linkStyle ").Append(string.Join(",", edges.Select(i => i.ToString(CultureInfo.InvariantCulture)))).Append(' ').Append(style).Append('\n');
        }
    }

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
