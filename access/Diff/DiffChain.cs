namespace Infra.Access.Diff;

/// <summary>
/// One arrow of the changed chain: CI subject -> identity -> Role or policy -> resource.
/// <see cref="Risky"/>: it carries a production, write, secret, credential or trust change;
/// <see cref="Marks"/> says which (<c>P</c>, <c>W</c>, <c>S</c>, <c>C</c>, <c>T</c>).
/// </summary>
public sealed record ChainEdge(string From, string To, string Label, bool Lost, bool Risky = false, string Marks = "");

/// <summary>
/// The changed chain of an environment as edges, riskiest first: each resource's chain is ranked by
/// the riskiest change it carries (<see cref="ReviewItem.Score"/>), so a picture that draws only the
/// first edges never leaves out a production, write, secret or trust change for a read-only removal.
/// Each edge is drawn once.
/// </summary>
public static class DiffChain
{
    public static IReadOnlyList<ChainEdge> Edges(EnvironmentDiff environment) => Edges(environment, abbreviations: null);

    public static IReadOnlyList<ChainEdge> Edges(EnvironmentDiff environment, ActionAbbreviations? abbreviations)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var production = environment.Tier == Definition.Tier.Production;
        var chains = new List<(int Score, int Order, ChainEdge[] Edges)>();
        foreach (var identity in environment.Identities)
        {
            var removed = identity.Status == IdentityStatus.Removed;
            var widened = identity.Trust.Where(t => t.Widens).Select(t => t.Field).ToList();
            var trustLabel = identity.Trust.IsEmpty ? ""
                : widened.Count > 0 ? "trust widened: " + string.Join(", ", widened)
                : "trust changed: " + string.Join(", ", identity.Trust.Select(t => t.Field));
            var trustRisky = widened.Count > 0;
            var subject = new ChainEdge(identity.CiSubject, identity.Identity, trustLabel, removed, trustRisky, trustRisky ? Marks(production, [], trust: true) : "");
            if (!identity.Trust.IsEmpty)
            {
                var item = new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Trust, identity.Identity, trustRisky, production ? [Risk.Production] : []);
                chains.Add((item.Score, chains.Count, [subject]));
            }

            foreach (var via in identity.Changes.GroupBy(c => c.GrantedBy, StringComparer.Ordinal))
            {
                var viaEdge = new ChainEdge(identity.Identity, via.Key, "", via.All(c => c.Change == Change.Lost));
                foreach (var target in via.GroupBy(c => (c.Change, Resource: $"{c.Scope} {c.Resource}")))
                {
                    var rows = target.ToList();
                    var best = rows.Select(r => new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Grant, identity.Identity, r.Change == Change.Gained, r.Risks, Row: r))
                        .MaxBy(i => i.Score)!;
                    var risks = rows.SelectMany(r => r.Risks).Distinct().ToList();
                    var marks = Marks(production, risks, trust: false);
                    var actions = string.Join(", ", rows.Select(c => abbreviations?.Short(c.Action) ?? ShortAction(c.Action)));
                    var label = DiffWording.Sign(target.Key.Change) + " " + actions + (marks.Length == 0 ? "" : $" [{marks}]");
                    var lost = target.Key.Change == Change.Lost;
                    chains.Add((best.Score, chains.Count, [subject, viaEdge, new ChainEdge(via.Key, target.Key.Resource, label, lost, best.IsRisky, marks)]));
                }
            }
        }

        var edges = new List<ChainEdge>();
        var seen = new HashSet<(string, string, string, bool)>();
        foreach (var chain in chains.OrderByDescending(c => c.Score).ThenBy(c => c.Order))
        {
            foreach (var edge in chain.Edges)
            {
                if (seen.Add((edge.From, edge.To, edge.Label, edge.Lost)))
                {
                    edges.Add(edge);
                }
            }
        }

        return edges;
    }

    /// <summary><c>P</c> production, <c>C</c> credential, <c>S</c> secret, <c>W</c> write, <c>T</c> trust widened: the picture's legend names them.</summary>
    private static string Marks(bool production, IReadOnlyCollection<Risk> risks, bool trust)
    {
        var marks = new List<string>();
        if (production || risks.Contains(Risk.Production))
        {
            marks.Add("P");
        }

        if (risks.Contains(Risk.Credential))
        {
            marks.Add("C");
        }

        if (risks.Contains(Risk.Secret))
        {
            marks.Add("S");
        }

        if (risks.Contains(Risk.Write))
        {
            marks.Add("W");
        }

        if (trust)
        {
            marks.Add("T");
        }

        return string.Join(",", marks);
    }

    /// <summary>Azure data actions are long; without a legend the picture keeps their last two segments (<c>content/write</c>).</summary>
    private static string ShortAction(string action)
    {
        var parts = action.Split('/');
        return parts.Length > 2 ? string.Join("/", parts[^2..]) : action;
    }
}
