using Infra.Access.Loading;
using Infra.Access.Yaml;

namespace Infra.Access.Tests.Yaml;

/// <summary>
/// Issue 11, class 10: every character and construct on which YAML readers disagree (measured with
/// the oracle, <see cref="Oracles.YamlOracleTests"/>) is refused with its line and column, and the
/// plain forms next to them are still read.
/// </summary>
public sealed class ReviewableYamlTests
{
    private const string File = "definition.yaml";

    public static TheoryData<string, string, int, int, string> Refused() => new()
    {
        // A grant after a line separator inside a comment: a comment on screen, a key to YamlDotNet.
        { "U+2028 in a comment", "a: 1 # note\u2028b: 2\n", 1, 12, "line separator U+2028" },
        { "U+2029 in a value", "a: x\u2029y\n", 1, 5, "line separator U+2029" },
        { "U+0085 in a comment", "a: 1\n# c\u0085- grant\n", 2, 4, "line separator U+0085" },
        { "a lone CR in a comment", "a: 1 # c\rb: 2\n", 1, 9, "carriage return without a line feed" },
        { "a lone CR at a line end", "a: 1\rb: 2\n", 1, 5, "carriage return without a line feed" },
        { "a tab indenting", "a:\n\t- x\n", 2, 1, "a tab character" },
        { "a tab in a value", "a: x\ty\n", 1, 5, "a tab character" },
        { "a byte-order mark inside", "a: x\uFEFF\n", 1, 5, "byte-order mark" },
        { "a vertical tab", "a: x\u000By\n", 1, 5, "control character U+000B" },
        { "a C1 control", "a: x\u0080y\n", 1, 5, "control character U+0080" },
        { "DEL", "a: \u007F\n", 1, 4, "control character U+007F" },
        { "a bidi override", "a: 1 # \u202Eb: 2\n", 1, 8, "bidirectional formatting character U+202E" },
        { "a bidi isolate", "a: x\u2066\n", 1, 5, "bidirectional formatting character U+2066" },
        { "a noncharacter", "a: \uFFFE\n", 1, 4, "not a character" },
        { "an explicit key", "? a\n: 1\n", 1, 1, "explicit keys" },
        { "a flow item '?x'", "a: [?x]\n", 1, 5, "starts with the indicator" },
        { "a flow item ':x'", "a: [:x]\n", 1, 5, "starts with the indicator" },
        { "a flow item '-x'", "a: [-x]\n", 1, 5, "starts with the indicator" },
        { "a later flow item '?y'", "a: [x, ?y]\n", 1, 8, "starts with the indicator" },
        { "an empty flow key", "a: [x, : y]\n", 1, 8, "starts with the indicator ':'" },
        { "a flow mapping explicit key", "a: {? b}\n", 1, 5, "explicit keys" },
        { "a tag", "a: !!str 1\n", 1, 4, "tag !!str is not allowed" },
        { "a local tag", "a: !x 1\n", 1, 4, "tag !x is not allowed" },
        { "a code tag", "a: !!python/object/apply:os.system ['id']\n", 1, 4, "is not allowed" },
        { "a %YAML directive", "%YAML 1.1\n---\na: on\n", 1, 1, "directive" },
        { "a %TAG directive", "%TAG ! tag:x,2000:\n---\na: 1\n", 1, 1, "directive" },
        { "an unknown directive inside", "a: 1\n%no\n", 2, 1, "directive" },
        { "a second document", "a: 1\n---\nb: 2\n", 2, 1, "more than one YAML document" },
        { "a document end", "a: 1\n...\n", 2, 1, "document end marker" },
        { "a document end with text", "a:\n... b: 1\n", 2, 1, "document end marker" },
        { "a key holding ' *'", "a *b: 1\n", 1, 1, "': ' inside a value" },
        { "a key holding ' *' in a list", "- a *b: 1\n", 1, 3, "': ' inside a value" },
        { "a key starting with '*'", "*a: 1\n", 1, 1, "alias" },
        { "a key starting with '&'", "&a b: 1\n", 1, 1, "anchor &a" },
        { "a literal block scalar", "a: |\n  x\n", 1, 4, "block scalars" },
        { "a folded block scalar", "a: >+\n  x\n", 1, 4, "block scalars" },
        { "a multi-line plain value", "a: x\n  y\n", 1, 4, "continued on the next line" },
        { "a multi-line quoted value", "a: \"x\n  y\"\n", 1, 4, "continued on the next line" },
        { "a multi-line flow list", "a: [x,\n  y]\n", 1, 4, "must close on the line" },
        { "a value starting with '%'", "a: %x\n", 1, 4, "YAML syntax" },
        { "a value starting with '@'", "a: x\nb: @x\n", 2, 4, "YAML syntax" },
        { "a value starting with '`'", "a: [`x]\n", 1, 5, "reserved" },
        { "text after a closing quote", "a: \"x\" y\n", 1, 8, "YAML syntax" },
        { "a merge key", "<<: {a: 1}\n", 1, 1, "merge keys" },
        { "a duplicate key", "a: 1\na: 2\n", 2, 1, "duplicate key" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Read_WhenReadersDisagreeOnTheText_ShouldRefuseWithALocatedError(string name, string text, int line, int column, string fragment)
    {
        var (root, error) = YamlTreeReader.Read(text, File, LoadLimits.Default);

        Assert.True(root is null, name);
        Assert.NotNull(error);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Accepted() => new()
    {
        { "CRLF line ends", "a: 1\r\nb: 2\r\n" },
        { "a byte-order mark opening the file", "\uFEFFa: 1\n" },
        { "a leading document start", "# head\n---\na: 1\n" },
        { "a document start with a comment", "--- # c\na: 1\n" },
        { "an asterisk inside a value", "a: x *y\n" },
        { "a key holding ' &' (one key to every reader)", "x:\n  a &b: 1\n" },
        { "a key holding ' !' (one key to every reader)", "- a !b: 1\n" },
        { "a flow item holding ':' (one text to every reader)", "a: [x:y]\n" },
        { "a colon inside a value", "a: https://h:8200/p\n" },
        { "a flow mapping on one line", "a: {b: 1}\n" },
        { "a flow pair", "a: [b: 1]\n" },
        { "quoted flow items with indicators", "a: ['?x', \":y\", '-z']\n" },
        { "a dash in a block value", "a: -1\n" },
        { "dashes inside a line", "a: x---y\n" },
        { "non-ASCII text and an emoji", "a: caf\u00e9 \U0001F600\n" },
        { "a non-breaking space in a value", "a: x\u00A0y\n" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Read_WhenReadersAgreeOnTheText_ShouldReadIt(string name, string text)
    {
        var (root, error) = YamlTreeReader.Read(text, File, LoadLimits.Default);

        Assert.True(root is not null, $"{name}: {error}");
    }

    [Fact]
    public void Read_WhenTheFileOpensWithAByteOrderMark_ShouldCountColumnsAsAnEditorShowsThem()
    {
        var (root, _) = YamlTreeReader.Read("\uFEFFa: 1\n", File, LoadLimits.Default);

        var key = Assert.Single(Assert.IsType<YamlMapping>(root).Entries).Key;
        Assert.Equal((1, 1, "a"), (key.Line, key.Column, key.Value));
    }
}
