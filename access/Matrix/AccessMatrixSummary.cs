using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Matrix;

/// <summary>
/// The access matrix in a compact, deterministic form for a Pulumi stack output: identity ->
/// sorted <c>"system scope resource action"</c> lines. Only identities that hold something appear,
/// so <c>pulumi preview --diff</c> shows a grant gained or lost as one added or removed line.
/// </summary>
public static class AccessMatrixSummary
{
    public static ImmutableSortedDictionary<string, ImmutableArray<string>> ToOutput(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return AccessMatrix.Build(plan)
            .GroupBy(r => r.Identity, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(
                g => g.Key,
                g => g.Select(Line).Order(StringComparer.Ordinal).ToImmutableArray(),
                StringComparer.Ordinal);
    }

    /// <summary>One row as a line: <c>kubernetes payments-prod apps/deployments:payments-api patch</c>.</summary>
    public static string Line(AccessRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return $"{row.System} {row.Scope} {row.Resource} {row.Action}";
    }
}
