using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>
/// The shared shape of the isolation rules: collect the named things a plan declares, and report
/// each one another environment's plan declares too (once per thing, at its first declaration).
/// </summary>
internal static class CrossEnvironment
{
    public static IEnumerable<(string Key, Owner Owner, string Environment)> Shared(
        RuleContext context, Func<Plan, IEnumerable<(string Key, Owner Owner)>> collect, StringComparer? comparer = null)
    {
        // The upstream system's comparison (UpstreamNames): a key spelt in another case is the same thing there.
        comparer ??= StringComparer.Ordinal;
        var elsewhere = new Dictionary<string, string>(comparer);
        foreach (var other in context.OtherPlans.Where(p => p.Environment != context.Plan.Environment || p.File != context.Plan.File))
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
            .GroupBy(item => item.Key, comparer)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.OrderBy(i => i.Owner.Location).First().Owner, elsewhere[g.Key]));
    }
}
