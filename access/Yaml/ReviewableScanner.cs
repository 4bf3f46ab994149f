using YamlDotNet.Core;
using YamlDotNet.Core.Tokens;

namespace Infra.Access.Yaml;

/// <summary>
/// Stands between YamlDotNet's scanner and its parser and refuses, at their token, the constructs
/// on which YAML readers disagree or which make a line mean something written elsewhere (issue 11,
/// class 10). Each was measured against the editors' YAML 1.2 reader (tests/oracles, see
/// docs/testing.md):
/// <list type="bullet">
/// <item>In a flow collection YamlDotNet takes every '?' and ':' as an indicator, where YAML 1.2 (and
/// the editors' reader) keeps <c>[?x]</c>, <c>[:x]</c> and <c>[x:y]</c> as text: an item that
/// starts with an indicator, an explicit or empty key, or a ':' glued to its neighbours is refused.</item>
/// <item>Tags (<c>!!str</c>, <c>!x</c>, <c>!!python/object</c>): each reader gives them its own
/// meaning, from none to running code.</item>
/// <item>Directives (<c>%YAML 1.1</c>, <c>%TAG</c>): they switch a reader to other rules (in YAML 1.1
/// <c>on</c> and <c>yes</c> are booleans and <c>012</c> is octal) that not every reader follows.</item>
/// <item>Explicit keys (<c>? </c>) and a document end (<c>...</c>): the first hides where a key ends,
/// the second ends the definition before the end of the file, and after it readers part ways.</item>
/// <item>A <c>---</c> anywhere but before the content: a second document, which readers handle differently.</item>
/// </list>
/// Anchors, aliases, merge keys and duplicate keys are refused by <see cref="YamlTreeReader"/>.
/// </summary>
internal sealed class ReviewableScanner(IScanner inner, string text) : IScanner
{
    private int _flowLevel;
    private Token? _checked;
    private Token? _previous;
    private bool _content;

    public Mark CurrentPosition => inner.CurrentPosition;

    public Token? Current => inner.Current;

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        Check();
        return moved;
    }

    public bool MoveNextWithoutConsuming()
    {
        var moved = inner.MoveNextWithoutConsuming();
        Check();
        return moved;
    }

    public void ConsumeCurrent() => inner.ConsumeCurrent();

    private void Check()
    {
        var token = inner.Current;
        if (token is null || ReferenceEquals(token, _checked))
        {
            return;
        }

        _checked = token;
        var previous = _previous;
        _previous = token;
        switch (token)
        {
            case VersionDirective or TagDirective:
                throw Refuse(token, "directives (%YAML, %TAG) are not allowed: they switch readers to other rules (in YAML 1.1 'on' and 'yes' are booleans); the format is plain YAML 1.2");
            case Tag tag:
                throw Refuse(token, $"tag {tag.Handle}{tag.Suffix} is not allowed: each YAML reader gives tags its own meaning; write the value without it");
            case DocumentEnd:
                throw Refuse(token, "the document end marker '...' is not allowed: the definition ends at the end of the file");
            case DocumentStart when _content:
                throw Refuse(token, "the file holds more than one YAML document; put one environment in one file");
            case Key when IsAt(token, '?'):
                throw Refuse(token, "explicit keys ('? ') are not allowed: write 'key: value'");
            case FlowSequenceStart or FlowMappingStart:
                _flowLevel++;
                break;
            case FlowSequenceEnd or FlowMappingEnd:
                _flowLevel = Math.Max(0, _flowLevel - 1);
                break;
            case Value when _flowLevel > 0 && (previous is FlowSequenceStart or FlowMappingStart or FlowEntry || !IsBlankOrFlowEnd(token.End)):
                throw Refuse(token, "a ':' inside a flow item is read differently by YAML readers (key or text); quote the item");
            case Scalar { Style: ScalarStyle.Plain } when _flowLevel > 0 && Index(token.Start) < text.Length && text[Index(token.Start)] is '-' or '?' or ':':
                throw Refuse(token, $"a flow item that starts with the indicator '{text[Index(token.Start)]}' is text to some YAML readers and syntax to others; quote it");
        }

        _content |= token is not (StreamStart or DocumentStart or Comment);
    }

    /// <summary>Whether the token's text starts with <paramref name="indicator"/> (an implicit key has no text of its own).</summary>
    private bool IsAt(Token token, char indicator) =>
        Index(token.End) > Index(token.Start) && Index(token.Start) < text.Length && text[Index(token.Start)] == indicator;

    private bool IsBlankOrFlowEnd(Mark at) =>
        Index(at) >= text.Length || text[Index(at)] is ' ' or '\n' or '\r' or ',' or ']' or '}';

    private static int Index(Mark mark) => (int)Math.Min(int.MaxValue, Math.Max(0, mark.Index));

    private static RefusedConstruct Refuse(Token token, string message) => new(token.Start, message);
}

/// <summary>A construct <see cref="ReviewableScanner"/> refuses; caught by <see cref="YamlTreeReader"/>, never escapes it.</summary>
#pragma warning disable CA1032, CA1064 // internal control-flow exception, never escapes YamlTreeReader
internal sealed class RefusedConstruct(Mark at, string message) : Exception(message)
{
    public Mark At { get; } = at;
}
#pragma warning restore CA1032, CA1064
