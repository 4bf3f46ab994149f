namespace Infra.Access.Diff;

/// <summary>One arrow of the changed chain: CI subject -> identity -> Role or policy -> resource.</summary>
public sealed record ChainEdge(string From, string To, string Label, bool Lost);

/// <summary>The changed chain of an environment as edges, in a stable order, each drawn once.</summary>
public static class DiffChain
{
    public static IReadOnlyList<ChainEdge> Edges(EnvironmentDiff environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var edges = new List<ChainEdge>();
        foreach (var identity in environment.Identities)
        {
            var removed = identity.Status == IdentityStatus.Removed;
            var trustLabel = identity.Trust.Any(t => t.Field == "ci subject") ? "subject changed" : "";
            edges.Add(new ChainEdge(identity.CiSubject, identity.Identity, trustLabel, removed));
            foreach (var via in identity.Changes.GroupBy(c => c.GrantedBy, StringComparer.Ordinal))
            {
                edges.Add(new ChainEdge(identity.Identity, via.Key, "", via.All(c => c.Change == Change.Lost)));
                foreach (var target in via.GroupBy(c => (c.Change, Resource: $"{c.Scope} {c.Resource}")))
                {
                    var sign = DiffWording.Sign(target.Key.Change);
                    edges.Add(new ChainEdge(via.Key, target.Key.Resource, sign + " " + string.Join(", ", target.Select(c => ShortAction(c.Action))), target.Key.Change == Change.Lost));
                }
            }
        }

        return [.. edges.Distinct()];
    }

    /// <summary>Azure data actions are long; the picture keeps their last two segments (<c>content/write</c>), the tables keep them whole.</summary>
    private static string ShortAction(string action)
    {
        var parts = action.Split('/');
        return parts.Length > 2 ? string.Join("/", parts[^2..]) : action;
    }
}
