using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>
/// The shared shape of the isolation rules: collect the named things a plan declares, and report
/// each one another environment's plan declares too (once per thing, at its first declaration).
/// </summary>
internal static class CrossEnvironment
{
    public static IEnumerable<(string Key, Owner Owner, string Environment)> Shared(
        RuleContext context, Func<Plan, IEnumerable<(string Key, Owner Owner)>> collect)
    {
        var elsewhere = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (other, _) in Others(context))
        {
            foreach (var (key, _) in collect(other))
            {
                elsewhere.TryAdd(key, other.Environment);
            }
        }

        // Checked alone (the usual case), a plan shares nothing: its keys need not be built at all.
        if (elsewhere.Count == 0)
        {
            return [];
        }

        return collect(context.Plan)
            .Where(item => elsewhere.ContainsKey(item.Key))
            .GroupBy(item => item.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.OrderBy(i => i.Owner.Location).First().Owner, elsewhere[g.Key]));
    }

    /// <summary>
    /// Like <see cref="Shared"/>, over keys built by <see cref="SharedKeys"/> from the plan and the
    /// definition: equal keys are the same thing; with <paramref name="nested"/>, a key under another
    /// (at a <c>/</c>) lies inside it, so a scope that contains another environment's resource, or a
    /// path inside its mount, is reported too. A key with a Vault glob (<c>*</c>, <c>+</c>) overlaps
    /// everything its literal prefix could reach.
    /// </summary>
    public static IEnumerable<SharedClaim> Overlapping(
        RuleContext context, Func<Plan, EnvironmentDefinition?, IEnumerable<Claim>> collect, bool nested)
    {
        var exact = new Dictionary<string, (Claim Claim, Plan Plan)>(StringComparer.Ordinal);
        var above = new Dictionary<string, (Claim Claim, Plan Plan)>(StringComparer.Ordinal);
        foreach (var (other, definition) in Others(context))
        {
            foreach (var claim in collect(other, definition))
            {
                exact.TryAdd(claim.Key, (claim, other));
                if (nested)
                {
                    foreach (var prefix in Prefixes(claim.Key))
                    {
                        above.TryAdd(prefix, (claim, other));
                    }
                }
            }
        }

        if (exact.Count == 0)
        {
            yield break;
        }

        var mine = collect(context.Plan, context.Definition)
            .GroupBy(c => c.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(c => c.Owner.Location).First())
            .ToList();
        var own = mine.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in mine)
        {
            if (exact.TryGetValue(claim.Key, out var same))
            {
                yield return new SharedClaim(claim, same.Claim, Overlap.Same, same.Plan);
            }
            else if (nested && Prefixes(claim.Key).FirstOrDefault(exact.ContainsKey) is { } outer)
            {
                // Inside a mount or scope of this environment's own that is shared: that one is reported.
                if (own.Contains(outer))
                {
                    continue;
                }

                yield return new SharedClaim(claim, exact[outer].Claim, Overlap.Inside, exact[outer].Plan);
            }
            else if (nested && above.TryGetValue(claim.Key, out var inner))
            {
                yield return new SharedClaim(claim, inner.Claim, Overlap.Contains, inner.Plan);
            }
            else if (nested && Glob(claim.Key) is { } literal
                && exact.Values.OrderBy(v => v.Claim.Key, StringComparer.Ordinal).FirstOrDefault(v => Reaches(literal, v.Claim.Key)) is { Claim: not null } reached)
            {
                yield return new SharedClaim(claim, reached.Claim, Overlap.Contains, reached.Plan);
            }
        }
    }

    /// <summary>The other environments' plans (and definitions, when given), leaving out this very file checked twice.</summary>
    private static IEnumerable<(Plan Plan, EnvironmentDefinition? Definition)> Others(RuleContext context) =>
        context.OtherPlans
            .Select((plan, i) => (plan, i < context.OtherDefinitions.Length ? context.OtherDefinitions[i] : null))
            .Where(p => p.plan.Environment != context.Plan.Environment || p.plan.File != context.Plan.File);

    /// <summary>Every proper prefix of a key that ends before a <c>/</c>, shortest first.</summary>
    private static IEnumerable<string> Prefixes(string key)
    {
        for (var i = 1; i < key.Length; i++)
        {
            if (key[i] == '/')
            {
                yield return key[..i];
            }
        }
    }

    /// <summary>The literal text before a Vault glob character, or null for a key without one.</summary>
    private static string? Glob(string key)
    {
        var at = key.IndexOfAny(['*', '+']);
        return at < 0 ? null : key[..at];
    }

    /// <summary>Whether a glob with this literal prefix can match the key or a path inside it.</summary>
    private static bool Reaches(string literal, string key) =>
        key.StartsWith(literal, StringComparison.Ordinal) || literal.StartsWith(key + "/", StringComparison.Ordinal);
}

/// <summary>A thing one environment names: its comparison key (<see cref="SharedKeys"/>), how findings show it, and who declared it.</summary>
internal sealed record Claim(string Key, string Display, Owner Owner);

/// <summary>How a claim of this environment meets one of another's.</summary>
internal enum Overlap
{
    /// <summary>The same thing.</summary>
    Same,

    /// <summary>This environment's thing lies inside the other's (a path in its mount, a scope in its resource).</summary>
    Inside,

    /// <summary>This environment's thing contains the other's (a resource group holding its registry).</summary>
    Contains,
}

/// <summary>A claim this environment shares with another environment's plan.</summary>
internal sealed record SharedClaim(Claim Mine, Claim Theirs, Overlap Overlap, Plan Other)
{
    public string Message => Overlap switch
    {
        Overlap.Same => Messages.Shared("", Mine.Display, Other.Environment),
        Overlap.Inside => Messages.SharedInside(Mine.Display, Theirs.Display, Other.Environment),
        _ => Messages.SharedContains(Mine.Display, Theirs.Display, Other.Environment),
    };
}
