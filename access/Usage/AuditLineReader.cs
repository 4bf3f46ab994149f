namespace Infra.Access.Usage;

/// <summary>
/// One line of an audit log as <see cref="AuditLineReader"/> hands it out: its 1-based number and its
/// text without the line break. <see cref="TooLong"/> lines carry no text (only their length counted
/// up to the limit): a line is never held beyond the limit, whatever a file or a gzip bomb holds.
/// </summary>
public readonly record struct AuditLine(long Number, ReadOnlyMemory<char> Text, bool TooLong);

/// <summary>
/// Reads lines from a <see cref="TextReader"/> with a bound on their length and no string per line:
/// the text of a line lives in a buffer reused for the next one, so memory stays flat however large
/// the log is. Audit logs are JSON lines; a line longer than the bound is skipped up to its line
/// break and reported, never buffered.
/// </summary>
public sealed class AuditLineReader
{
    private readonly TextReader _reader;
    private readonly int _maxLength;
    private readonly char[] _chunk = new char[1 << 16];
    private char[] _line = new char[1 << 12];
    private int _position;
    private int _length;
    private long _number;

    public AuditLineReader(TextReader reader, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        _reader = reader;
        _maxLength = maxLength;
    }

    /// <summary>The next line; its text is valid until the next call.</summary>
    public bool TryRead(out AuditLine line)
    {
        var used = 0;
        var tooLong = false;
        var any = false;
        while (true)
        {
            if (_position == _length)
            {
                _length = _reader.Read(_chunk, 0, _chunk.Length);
                _position = 0;
                if (_length == 0)
                {
                    if (!any)
                    {
                        line = default;
                        return false;
                    }

                    line = Finish(used, tooLong);
                    return true;
                }
            }

            any = true;
            var rest = _chunk.AsSpan(_position, _length - _position);
            var newline = rest.IndexOf('\n');
            var segment = newline < 0 ? rest : rest[..newline];
            if (!tooLong)
            {
                if (used + segment.Length > _maxLength)
                {
                    tooLong = true;
                }
                else
                {
                    Append(segment, used);
                    used += segment.Length;
                }
            }

            _position += newline < 0 ? rest.Length : newline + 1;
            if (newline >= 0)
            {
                line = Finish(used, tooLong);
                return true;
            }
        }
    }

    private AuditLine Finish(int used, bool tooLong)
    {
        _number++;
        if (tooLong)
        {
            return new AuditLine(_number, ReadOnlyMemory<char>.Empty, true);
        }

        // A CRLF file: the carriage return belongs to the line break, not the JSON.
        var length = used > 0 && _line[used - 1] == '\r' ? used - 1 : used;
        return new AuditLine(_number, _line.AsMemory(0, length), false);
    }

    private void Append(ReadOnlySpan<char> segment, int used)
    {
        if (used + segment.Length > _line.Length)
        {
            Array.Resize(ref _line, Math.Min(_maxLength, Math.Max(_line.Length * 2, used + segment.Length)));
        }

        segment.CopyTo(_line.AsSpan(used));
    }
}
