using System.Text;

namespace Infra.Access.Usage;

/// <summary>
/// The strings of one reading of audit logs, kept once each: a large log repeats the same few
/// hundred user names, namespaces, resources and paths millions of times, and copying each into its
/// own string was most of what usage allocated per record. Bounded (at most
/// <see cref="MaxEntries"/> strings of at most <see cref="MaxLength"/> characters), so a hostile log
/// of unique names only stops being pooled: memory stays flat. Not thread-safe: one per reading.
/// </summary>
public sealed class AuditStrings
{
    public const int MaxEntries = 8192;

    public const int MaxLength = 128;

    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public AuditStrings() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The string of <paramref name="utf8"/> (valid UTF-8 text without JSON escapes), the pooled instance when there is one.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        Span<char> chars = stackalloc char[MaxLength];
        var text = chars[..Encoding.UTF8.GetChars(utf8, chars)];
        if (_lookup.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        var made = new string(text);
        if (_strings.Count < MaxEntries)
        {
            _strings.Add(made, made);
        }

        return made;
    }
}
