using Infra.Access.Loading;

namespace Infra.Access.Yaml;

/// <summary>
/// The characters on which what a reviewer reads and what a YAML reader reads part ways, refused
/// before any parsing (issue 11, class 10). Measured against two readers (YamlDotNet and the
/// editors' <c>yaml</c> package, see docs/testing.md), not guessed:
/// <list type="bullet">
/// <item>U+0085, U+2028, U+2029 and a carriage return not followed by a line feed are line breaks
/// to YamlDotNet but not to the editors' reader, GitHub or most editors: a grant written after one
/// inside a comment is a comment on screen and a key to the tool.</item>
/// <item>Tabs: editors show them at any width and YAML forbids them as indentation, so whether a line
/// is nested or not depends on who reads it.</item>
/// <item>Other control characters (C0, DEL, C1), a byte-order mark anywhere but the first character,
/// lone surrogates and the noncharacters U+FFFE/U+FFFF: invisible, or not text at all.</item>
/// <item>Bidirectional formatting characters (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069):
/// they reorder what is displayed, so the text on screen is not the text read ("Trojan Source").</item>
/// </list>
/// </summary>
internal static class ReviewableText
{
    /// <summary>The first refused character of <paramref name="text"/>, located, or null when it has none.</summary>
    public static DefinitionError? FirstRefused(string text, string file)
    {
        return FirstRefusedCharacter(text, file) ?? FirstDocumentLevelLine(text, file);
    }

    /// <summary>
    /// A line that starts with <c>---</c> or <c>...</c> and a blank is a document marker to YAML 1.2
    /// and the editors' reader, but text to YamlDotNet when something follows on the line (<c>... x: 1</c>
    /// is a key to one and the end of the definition to the other). Only a leading <c>---</c>,
    /// before any content, is accepted. A line starting with '%' is a directive.
    /// </summary>
    private static DefinitionError? FirstDocumentLevelLine(string text, string file)
    {
        var content = false;
        var line = 1;
        for (var start = 0; start < text.Length; line++)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var span = text.AsSpan(start, end - start).TrimEnd('\r');
            var marker = span.Length >= 3 && (span.StartsWith("---", StringComparison.Ordinal) || span.StartsWith("...", StringComparison.Ordinal))
                && (span.Length == 3 || span[3] == ' ');
            if (marker && (content || span[0] == '.'))
            {
                return new DefinitionError(new SourceLocation(file, line, 1), "", span[0] == '.'
                    ? "the document end marker '...' is not allowed: YAML readers disagree on what follows it; the definition ends at the end of the file"
                    : "the file holds more than one YAML document (a '---' after content); put one environment in one file");
            }

            if (span.Length > 0 && span[0] == '%')
            {
                // YamlDotNet skips a directive it does not know, even inside the content; others stop there.
                return new DefinitionError(new SourceLocation(file, line, 1), "",
                    "a line starting with '%' is a YAML directive: directives are not allowed (they switch readers to other rules, and readers skip or refuse unknown ones)");
            }

            var trimmed = span.TrimStart(' ');
            content |= !marker && trimmed.Length > 0 && trimmed[0] != '#';
            start = end + 1;
        }

        return null;
    }

    private static DefinitionError? FirstRefusedCharacter(string text, string file)
    {
        var span = text.AsSpan();
        var at = 0;
        while (true)
        {
            // The common case, printable ASCII and line feeds, skipped in vectorised steps.
            var found = span[at..].IndexOfAnyExceptInRange(' ', '~');
            if (found < 0)
            {
                return null;
            }

            at += found;
            if (Problem(span, at) is { } problem)
            {
                return new DefinitionError(Locate(span, at, file), "", problem);
            }

            // A surrogate pair that got here is whole: step over both halves.
            at += char.IsHighSurrogate(span[at]) ? 2 : 1;
        }
    }

    private static string? Problem(ReadOnlySpan<char> text, int at)
    {
        var c = text[at];
        return c switch
        {
            '\n' => null,
            '\r' => at + 1 < text.Length && text[at + 1] == '\n'
                ? null
                : "a carriage return without a line feed: YAML readers disagree on whether it ends the line (a comment on screen, a key to a parser); use '\\n' or '\\r\\n' line ends",
            '\t' => "a tab character: editors show it at any width and YAML readers disagree on what it indents; use spaces",
            '\u0085' or '\u2028' or '\u2029' => $"the line separator U+{(int)c:X4}: a line break to some YAML readers and not to others (a comment on screen, a key to a parser); remove it",
            '\uFEFF' => "a byte-order mark (U+FEFF) inside the text: invisible, and YAML readers disagree on it (part of a key to one, ignored by another); remove it",
            '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') =>
                $"the bidirectional formatting character U+{(int)c:X4}: it reorders what a reviewer sees, so the text on screen is not the text read; remove it",
            < ' ' or (>= '\u007F' and <= '\u009F') => $"the control character U+{(int)c:X4}: invisible to a reviewer; write the text without it",
            '\uFFFE' or '\uFFFF' => $"U+{(int)c:X4} is not a character; the file is not text",
            _ when char.IsHighSurrogate(c) && at + 1 < text.Length && char.IsLowSurrogate(text[at + 1]) => null,
            _ when char.IsSurrogate(c) => "a lone UTF-16 surrogate: the file is not valid text",
            _ => null,
        };
    }

    /// <summary>Line and column as an editor counts them: lines end at '\n' only (the others are refused).</summary>
    private static SourceLocation Locate(ReadOnlySpan<char> text, int at, string file)
    {
        var before = text[..at];
        var line = before.Count('\n') + 1;
        var column = at - (before.LastIndexOf('\n') + 1) + 1;
        return new SourceLocation(file, line, column);
    }
}
