using System.Collections.Immutable;
using Infra.Access.Loading;

namespace Infra.Access.Yaml;

/// <summary>
/// Reads the block-style subset of YAML that definitions are written in (block mappings and
/// sequences, one-line plain and quoted scalars, one-line flow sequences of scalars, comments)
/// straight into a <see cref="YamlNode"/> tree, several times faster than YamlDotNet's scanner.
/// </summary>
/// <remarks>
/// It never reports an error: at the first thing outside the subset, or anything it is not sure
/// of (escapes, multi-line scalars, empty values, tabs, anchors, limits reached), it gives up and
/// <see cref="YamlTreeReader"/> reads the file with YamlDotNet, which gives the same tree or the
/// located error. So the subset only has to be right where it answers; the tests compare its tree
/// with YamlDotNet's, positions included, on every fixture, synthetic catalogs and random mutations.
/// </remarks>
internal sealed class BlockSubsetReader
{
    private const int MaxKeyLength = 256;

    private readonly string _text;
    private readonly string _file;
    private readonly LoadLimits _limits;
    private readonly KeyNames _keys = new();

    // One list per depth to collect a collection's children, copied once into the tree: a
    // collection's children are one level deeper, so each depth holds one open collection at a time.
    private readonly List<List<YamlNode>> _items = [];
    private readonly List<List<KeyValuePair<YamlScalar, YamlNode>>> _entries = [];
    private int _nodes;

    // The current content line: where it starts, where its text ends (before any '\r'), its
    // number, and the reading position in it; then where the next line starts.
    private int _lineStart;
    private int _lineEnd;
    private int _line;
    private int _pos;
    private int _next;
    private int _nextLine = 1;
    private bool _atEnd;

    // A document marker line ('---', '...') was met: the full reader decides.
    private bool _marker;

    private BlockSubsetReader(string text, string file, LoadLimits limits)
    {
        _text = text;
        _file = file;
        _limits = limits;
    }

    private int Column => _pos - _lineStart + 1;

    /// <summary>The tree of <paramref name="text"/>, or null when the file needs the full parser.</summary>
    public static YamlNode? TryRead(string text, string file, LoadLimits limits)
    {
        if (!OnlySubsetCharacters(text))
        {
            return null;
        }

        var reader = new BlockSubsetReader(text, file, limits);
        if (!reader.NextContentLine() || reader._marker)
        {
            return null;
        }

        var root = reader.ReadNode(depth: 0);
        return root is not null && reader._atEnd && !reader._marker ? root : null;
    }

    /// <summary>
    /// Printable characters and '\n' (or "\r\n") only: no tabs, byte-order marks, other line
    /// breaks (U+0085, U+2028, U+2029), control characters or surrogates, whose handling is the
    /// full parser's to decide.
    /// </summary>
    private static bool OnlySubsetCharacters(string text)
    {
        var span = text.AsSpan();
        var at = 0;
        while (true)
        {
            var found = span[at..].IndexOfAnyExceptInRange(' ', '~');
            if (found < 0)
            {
                return true;
            }

            at += found;
            var c = span[at];
            var allowed = c == '\n'
                || (c == '\r' && at + 1 < span.Length && span[at + 1] == '\n')
                || (c is >= '\u00A0' and <= '\uD7FF' and not '\u2028' and not '\u2029')
                || (c is >= '\uE000' and <= '\uFFFD' and not '\uFEFF');
            if (!allowed)
            {
                return false;
            }

            at++;
        }
    }

    /// <summary>Moves to the next line that holds more than blanks and a comment.</summary>
    private bool NextContentLine()
    {
        while (_next < _text.Length)
        {
            var start = _next;
            var newline = _text.IndexOf('\n', start);
            var end = newline < 0 ? _text.Length : newline;
            _next = newline < 0 ? _text.Length : newline + 1;
            var line = _nextLine++;
            if (end > start && _text[end - 1] == '\r')
            {
                end--;
            }

            var first = start;
            while (first < end && _text[first] == ' ')
            {
                first++;
            }

            if (first == end || _text[first] == '#')
            {
                continue;
            }

            (_lineStart, _lineEnd, _line, _pos) = (start, end, line, first);
            if (first == start && IsDocumentMarker())
            {
                // YamlDotNet ends the document at '... x' after an empty value and reads it as a key
                // elsewhere: whatever the place, a marker line is the full reader's to decide.
                _marker = true;
                _atEnd = true;
                return false;
            }

            return true;
        }

        _atEnd = true;
        return false;
    }

    /// <summary>A node that starts at the reading position; the reader ends on the line after it.</summary>
    private YamlNode? ReadNode(int depth)
    {
        if (_text[_pos] == '-' && IsBlankOrEnd(_pos + 1))
        {
            return ReadBlockSequence(depth);
        }

        if (KeyEnd() > 0)
        {
            return ReadBlockMapping(depth);
        }

        var scalar = ReadInline(depth);
        return scalar is not null && EndOfLine() ? scalar : null;
    }

    private YamlSequence? ReadBlockSequence(int depth)
    {
        if (!Enter(depth))
        {
            return null;
        }

        var (line, column) = (_line, Column);
        var items = Scratch(_items, depth);
        while (true)
        {
            _pos++;
            SkipSpaces();
            if (_pos == _lineEnd || _text[_pos] == '#')
            {
                // The item starts on a later line.
                return null;
            }

            var item = ReadNode(depth + 1);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
            if (_atEnd || Column < column)
            {
                return new YamlSequence(_file, line, column, [.. items]);
            }

            if (Column > column || _text[_pos] != '-' || !IsBlankOrEnd(_pos + 1))
            {
                return null;
            }
        }
    }

    private YamlMapping? ReadBlockMapping(int depth)
    {
        if (!Enter(depth))
        {
            return null;
        }

        var (line, column) = (_line, Column);
        var entries = Scratch(_entries, depth);
        HashSet<string>? seen = null;
        while (true)
        {
            var keyEnd = KeyEnd();
            if (keyEnd < 0 || keyEnd - _pos > _limits.MaxScalarLength || !Enter(depth + 1))
            {
                return null;
            }

            var name = _keys.Of(_text.AsSpan(_pos, keyEnd - _pos));
            if (name == "<<" || IsRepeated(entries, name, ref seen))
            {
                // Merge keys and duplicates are the full reader's errors to report.
                return null;
            }

            var key = new YamlScalar(_file, _line, Column, name, IsPlain: true);
            _pos = keyEnd + 1;
            SkipSpaces();
            YamlNode? value;
            if (_pos == _lineEnd || _text[_pos] == '#')
            {
                // The value is on the following lines, indented more than its key, or it is empty
                // (YAML's null, placed just after the ':'). A sequence at the key's own
                // indentation is left to the full reader.
                var emptyAt = keyEnd - _lineStart + 2;
                var emptyLine = _line;
                if (NextContentLine() && Column > column)
                {
                    value = ReadNode(depth + 1);
                }
                else if (!_atEnd && Column == column && _text[_pos] == '-' && IsBlankOrEnd(_pos + 1))
                {
                    return null;
                }
                else
                {
                    value = Enter(depth + 1) ? new YamlScalar(_file, emptyLine, emptyAt, "", IsPlain: true) : null;
                }
            }
            else
            {
                value = _text[_pos] == '-' && IsBlankOrEnd(_pos + 1) ? null : ReadInline(depth + 1);
                if (value is not null && !EndOfLine())
                {
                    return null;
                }
            }

            if (value is null)
            {
                return null;
            }

            entries.Add(new(key, value));
            if (_atEnd || Column < column)
            {
                return new YamlMapping(_file, line, column, [.. entries]);
            }

            if (Column > column)
            {
                return null;
            }
        }
    }

    /// <summary>A scalar or flow sequence that ends on its line.</summary>
    private YamlNode? ReadInline(int depth)
    {
        return _text[_pos] switch
        {
            '[' => ReadFlowSequence(depth),
            '"' or '\'' => ReadQuoted(depth),
            _ => ReadPlain(depth, flow: false),
        };
    }

    private YamlSequence? ReadFlowSequence(int depth)
    {
        if (!Enter(depth))
        {
            return null;
        }

        var (line, column) = (_line, Column);
        var items = Scratch(_items, depth);
        _pos++;
        SkipSpaces();
        if (_pos < _lineEnd && _text[_pos] == ']')
        {
            _pos++;
            return new YamlSequence(_file, line, column, []);
        }

        while (_pos < _lineEnd)
        {
            var item = _text[_pos] is '"' or '\'' ? ReadQuoted(depth + 1) : ReadPlain(depth + 1, flow: true);
            if (item is null)
            {
                return null;
            }

            items.Add(item);
            SkipSpaces();
            if (_pos == _lineEnd)
            {
                return null;
            }

            var separator = _text[_pos++];
            if (separator == ']')
            {
                return new YamlSequence(_file, line, column, [.. items]);
            }

            SkipSpaces();
            if (separator != ',' || _pos == _lineEnd || _text[_pos] == ']')
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>A quoted scalar closed on its own line, without escapes.</summary>
    private YamlScalar? ReadQuoted(int depth)
    {
        if (!Enter(depth))
        {
            return null;
        }

        var quote = _text[_pos];
        var (line, column) = (_line, Column);
        var start = _pos + 1;
        var close = start;
        var doubled = false;
        while (true)
        {
            var found = _text.AsSpan(close, _lineEnd - close).IndexOf(quote);
            if (found < 0)
            {
                return null;
            }

            close += found;
            if (quote == '\'' && close + 1 < _lineEnd && _text[close + 1] == '\'')
            {
                doubled = true;
                close += 2;
                continue;
            }

            break;
        }

        var raw = _text.AsSpan(start, close - start);
        if (quote == '"' && raw.Contains('\\'))
        {
            return null;
        }

        var value = doubled ? raw.ToString().Replace("''", "'", StringComparison.Ordinal) : raw.ToString();
        if (value.Length > _limits.MaxScalarLength)
        {
            return null;
        }

        _pos = close + 1;
        return new YamlScalar(_file, line, column, value, IsPlain: false);
    }

    /// <summary>
    /// A plain scalar to the end of its line or comment (in a flow sequence, to the next ',' or
    /// ']'); one that starts with an indicator or holds a mapping indicator is left to the full reader.
    /// </summary>
    private YamlScalar? ReadPlain(int depth, bool flow)
    {
        if (!Enter(depth) || IsIndicator(_text[_pos]))
        {
            return null;
        }

        var start = _pos;
        var end = start;
        while (end < _lineEnd)
        {
            var c = _text[end];
            if (c == '#' && _text[end - 1] == ' ')
            {
                break;
            }

            if (flow && c is ',' or ']')
            {
                break;
            }

            if ((flow && c is ':' or '[' or '{' or '}') || (c == ':' && IsBlankOrEnd(end + 1)))
            {
                return null;
            }

            end++;
        }

        while (end > start && _text[end - 1] == ' ')
        {
            end--;
        }

        _pos = end;

        if (end - start > _limits.MaxScalarLength)
        {
            return null;
        }

        return new YamlScalar(_file, _line, start - _lineStart + 1, _text[start..end], IsPlain: true);
    }

    /// <summary>Where the ':' of a plain key at the reading position is, or -1 when the line holds none.</summary>
    private int KeyEnd()
    {
        if (IsIndicator(_text[_pos]))
        {
            return -1;
        }

        for (var i = _pos + 1; i < _lineEnd && i - _pos <= MaxKeyLength; i++)
        {
            var c = _text[i];
            if (c == ':' && IsBlankOrEnd(i + 1))
            {
                return _text[i - 1] == ' ' ? -1 : i;
            }

            if (c is '*' or '&' or '!' && _text[i - 1] == ' ')
            {
                // YamlDotNet reads 'a *b: 1' as one plain scalar, YAML 1.2 as the key 'a *b': the
                // full reader refuses such a line.
                return -1;
            }

            if (c is '#' or '[' or ']' or '{' or '}' or ',' or '"' or '\'')
            {
                return -1;
            }
        }

        return -1;
    }

    /// <summary>After a scalar: only blanks and a comment may follow; then the next content line.</summary>
    private bool EndOfLine()
    {
        var before = _pos;
        SkipSpaces();
        if (_pos < _lineEnd && (_text[_pos] != '#' || _pos == before))
        {
            return false;
        }

        NextContentLine();
        return true;
    }

    private static List<T> Scratch<T>(List<List<T>> lists, int depth)
    {
        while (lists.Count <= depth)
        {
            lists.Add([]);
        }

        var list = lists[depth];
        list.Clear();
        return list;
    }

    /// <summary>
    /// Whether a mapping already has the key. Keys are kept one string each (<see cref="KeyNames"/>), so a scan compares references;
    /// a set is made only for a mapping with many keys, so a hostile one stays linear.
    /// </summary>
    private static bool IsRepeated(List<KeyValuePair<YamlScalar, YamlNode>> entries, string key, ref HashSet<string>? seen)
    {
        if (seen is null && entries.Count < 16)
        {
            foreach (var entry in entries)
            {
                if (ReferenceEquals(entry.Key.Value, key))
                {
                    return true;
                }
            }

            return false;
        }

        if (seen is null)
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                seen.Add(entry.Key.Value);
            }
        }

        return !seen.Add(key);
    }

    /// <summary>Counts a node as the full reader does, giving up where it would report a limit.</summary>
    private bool Enter(int depth) => depth <= _limits.MaxDepth && ++_nodes <= _limits.MaxNodes;

    private bool IsDocumentMarker()
    {
        var line = _text.AsSpan(_lineStart, _lineEnd - _lineStart);
        return (line.StartsWith("---", StringComparison.Ordinal) || line.StartsWith("...", StringComparison.Ordinal))
            && (line.Length == 3 || line[3] == ' ');
    }

    private bool IsBlankOrEnd(int at) => at >= _lineEnd || _text[at] == ' ';

    private void SkipSpaces()
    {
        while (_pos < _lineEnd && _text[_pos] == ' ')
        {
            _pos++;
        }
    }

    private static bool IsIndicator(char c) => c is '-' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*'
        or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`';
}
