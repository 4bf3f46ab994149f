using System.Collections;
using System.Globalization;
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
/// </summary>
internal static class YamlDocumentWriter
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
    /// Blank, a null, boolean or number of YAML 1.2's core schema, or a single line led by
    /// whitespace: the strings the serializer's <c>WithQuotingNecessaryStrings</c> double-quotes.
    /// </summary>
    private static bool NeedsQuotes(string text) =>
        text.Trim().Length == 0
        || (text.EndsWith('\n') ? text[..^1] : text) is "null" or "Null" or "NULL" or "~" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
        || Patterns.IsCoreSchemaNumber(text)
        || (char.IsWhiteSpace(text[0]) && IsOneLine(text.AsSpan(1)));

    // A line break only as the last character: a regular expression's '$' also matches before one,
    // so the serializer's check accepts it.
    private static bool IsOneLine(ReadOnlySpan<char> text) => text.IndexOf('\n') is var at && (at < 0 || at == text.Length - 1);
}
