namespace Infra.Access.Yaml;

/// <summary>
/// One string per distinct mapping key of a file, for both YAML readers: a catalog repeats a few
/// dozen keys a hundred thousand times, and the tree keeps them until the model is bound.
/// </summary>
internal sealed class KeyNames
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <summary>The kept string equal to <paramref name="key"/>; <paramref name="key"/> itself the first time.</summary>
    public string Of(string key)
    {
        if (_names.TryGetValue(key, out var known))
        {
            return known;
        }

        _names.Add(key);
        return key;
    }

    /// <summary>The kept string equal to <paramref name="key"/>, made only the first time the key is seen.</summary>
    public string Of(ReadOnlySpan<char> key)
    {
        if (_names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var known))
        {
            return known;
        }

        var added = key.ToString();
        _names.Add(added);
        return added;
    }
}
