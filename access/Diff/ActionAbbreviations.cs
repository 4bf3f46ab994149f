using System.Globalization;

namespace Infra.Access.Diff;

/// <summary>
/// Short forms of long Azure operation names, so a table's risk column and the picture's labels stay
/// on screen: every action of more than <see cref="LongerThan"/> characters keeps its last two
/// segments (<c>content/write</c>) behind a key for the rest (<c>[A1]/content/write</c>), and a legend
/// lists each key. Keys are numbered in ordinal order of the prefixes over the whole diff, so the same
/// diff always gets the same keys, however much of it a comment shows.
/// </summary>
public sealed class ActionAbbreviations
{
    /// <summary>Actions up to this length are shown whole.</summary>
    public const int LongerThan = 32;

    private readonly Dictionary<string, string> _keys;

    private ActionAbbreviations(Dictionary<string, string> keys) => _keys = keys;

    /// <summary>Key -> the prefix it stands for, in key order.</summary>
    public IReadOnlyList<(string Key, string Prefix)> Legend =>
        [.. _keys.OrderBy(k => k.Value.Length).ThenBy(k => k.Value, StringComparer.Ordinal).Select(k => (k.Value, k.Key))];

    public static ActionAbbreviations For(AccessDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        var prefixes = diff.Environments.SelectMany(e => e.Identities).SelectMany(i => i.Changes)
            .Select(c => Prefix(c.Action)).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var prefix in prefixes)
        {
            keys.Add(prefix, "A" + (keys.Count + 1).ToString(CultureInfo.InvariantCulture));
        }

        return new ActionAbbreviations(keys);
    }

    /// <summary>The action as tables show it: whole when short, else <c>[key]/last/two</c>.</summary>
    public string Short(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Prefix(action) is { } prefix && _keys.TryGetValue(prefix, out var key) ? $"[{key}]{action[prefix.Length..]}" : action;
    }

    /// <summary>Everything but the last two segments of a long action with at least four, or null.</summary>
    private static string? Prefix(string action)
    {
        if (action.Length <= LongerThan)
        {
            return null;
        }

        var last = action.LastIndexOf('/');
        var secondLast = last <= 0 ? -1 : action.LastIndexOf('/', last - 1);
        return secondLast <= 0 || action.AsSpan(0, secondLast).IndexOf('/') < 0 ? null : action[..secondLast];
    }
}
