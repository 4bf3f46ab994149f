namespace Infra.Access;

/// <summary>Lookups the rules, the matrix and the diff build once per plan instead of scanning per entry.</summary>
internal static class Keyed
{
    /// <summary>
    /// The first item of each key, in the order given: what <c>GroupBy(key).ToDictionary(g =&gt; g.First())</c>
    /// gives, without a grouping per key. Plans have thousands of entries per kind.
    /// </summary>
    public static Dictionary<TKey, T> FirstByKey<T, TKey>(IEnumerable<T> items, Func<T, TKey> key, IEqualityComparer<TKey>? comparer = null)
        where TKey : notnull
    {
        var first = new Dictionary<TKey, T>(comparer);
        foreach (var item in items)
        {
            first.TryAdd(key(item), item);
        }

        return first;
    }
}
