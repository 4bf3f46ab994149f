using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Access.Format;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Infra.Access.Rendering;

/// <summary>
/// Writes a document of ordered maps, lists, strings, booleans and integers as YAML through
/// YamlDotNet's emitter, which decides layout and quoting exactly as its serializer does. Driving
/// the emitter directly skips the serializer's reflection over every value, which cost ~95% of
/// rendering a large plan; a string YAML would read as another type is double-quoted, as the
/// serializer's <c>WithQuotingNecessaryStrings</c> does, so a round trip gives the same strings.
/// A string YAML 1.1 would read as another type is double-quoted too: kubectl and client-go read
/// YAML through a YAML 1.1 reader, and names are DNS labels, which <c>on</c>, <c>no</c>, <c>y</c>
/// and <c>0b1</c> are.
/// </summary>
internal static partial class YamlDocumentWriter
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default.WithNewLine("\n");

    /// <summary>The document as YAML text, without a leading <c>---</c>.</summary>
    public static string Write(object document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Node(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Node(IEmitter emitter, object value)
    {
        switch (value)
        {
            case string text:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case bool flag:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, flag ? "true" : "false", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case int number:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, number.ToString(CultureInfo.InvariantCulture), ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));
                break;
            case IDictionary<string, object> map:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, isImplicit: true, MappingStyle.Any));
                foreach (var (key, item) in map)
                {
                    Node(emitter, key);
                    Node(emitter, item);
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable items:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, isImplicit: true, SequenceStyle.Any));
                foreach (var item in items)
                {
                    Node(emitter, item!);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new ArgumentException($"cannot write a {value.GetType().Name} as YAML", nameof(value));
        }
    }

    /// <summary>
    /// Line breaks, tabs and other control characters, the YAML 1.1 line breaks (NEL, LS, PS) and
    /// the byte order mark. Left to the emitter, such a string became a plain or block scalar that
    /// readers read differently: a trailing tab dropped, a CR or a NEL turned into a line feed
    /// (YAML 1.2 readers keep NEL, LS and PS as content), a folded line kept as a break. Double-quoted,
    /// the emitter escapes each one (<c>\n</c>, <c>\r</c>, <c>\N</c>, <c>\L</c>; a tab is content there),
    /// which every reader reads alike.
    /// </summary>
    private static readonly SearchValues<char> BreaksAndControls = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Select(c => (char)c)) + "\u2028\u2029\uFEFF");

    /// <summary>
    /// Blank, holding a line break or a control character (<see cref="BreaksAndControls"/>), a null,
    /// boolean or number of YAML 1.2's core schema, or a single line led by whitespace: the strings
    /// the serializer's <c>WithQuotingNecessaryStrings</c> double-quotes, and the ones it leaves to
    /// styles readers disagree on; and any string a YAML 1.1 reader types (<see cref="IsYaml11Typed"/>).
    /// </summary>
    private static bool NeedsQuotes(string text) =>
        text.Trim().Length == 0
        || text.AsSpan().IndexOfAny(BreaksAndControls) >= 0
        || (text.EndsWith('\n') ? text[..^1] : text) is "null" or "Null" or "NULL" or "~" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
        || Patterns.IsCoreSchemaNumber(text)
        || (char.IsWhiteSpace(text[0]) && IsOneLine(text.AsSpan(1)))
        || IsYaml11Typed(text.EndsWith('\n') ? text[..^1] : text);

    /// <summary>
    /// Whether a YAML 1.1 reader reads <paramref name="text"/>, written plain, as a boolean, a number
    /// or a timestamp: the booleans <c>y</c>, <c>yes</c>, <c>on</c>, <c>n</c>, <c>no</c>, <c>off</c>
    /// (three casings); integers in base 2, 8, 10, 16 and 60 and floats, with <c>_</c> anywhere
    /// (YAML 1.1 allows it between digits, go-yaml removes every one before parsing, and Go's parser
    /// takes the 0b/0o/0x prefixes in either case and a sign before them); dates and timestamps.
    /// A superset of what the readers type: quoting a string every reader reads as that string costs nothing.
    /// </summary>
    private static bool IsYaml11Typed(string text) =>
        text is "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF"
        || (text.Length > 0 && text[0] is (>= '0' and <= '9') or '-' or '+' or '.'
            && (Yaml11NumberRegex().IsMatch(text.Replace("_", "", StringComparison.Ordinal)) || Yaml11TimestampRegex().IsMatch(text)));

    [GeneratedRegex("^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|(?:[0-9]+\\.?[0-9]*|\\.[0-9]*)(?:[eE][-+]?[0-9]+)?|[1-9][0-9]*(?::[0-5]?[0-9])+|[0-9]+(?::[0-5]?[0-9])+\\.[0-9]*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Yaml11NumberRegex();

    [GeneratedRegex("^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Yaml11TimestampRegex();

    // A line break only as the last character: a regular expression's '$' also matches before one,
    // so the serializer's check accepts it.
    private static bool IsOneLine(ReadOnlySpan<char> text) => text.IndexOf('\n') is var at && (at < 0 || at == text.Length - 1);
}
