using CsCheck;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Synthetic;
using Infra.Testing;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace Infra.Access.Tests.Rendering;

/// <summary>
/// The Kubernetes renderer drives YamlDotNet's emitter itself; YamlDotNet's serializer, configured
/// as the renderer used it before, is the oracle: the same documents must give the same text. Since
/// the writer also quotes what YAML 1.1 types (kubectl reads YAML 1.1), the oracle double-quotes a
/// string wherever the serializer's own YAML 1.1 mode (<c>quoteYaml1_1Strings</c>) would; alone,
/// that mode leaves YAML 1.2's exponent floats (<c>1e3</c>) and blank-led strings unquoted. And since
/// the serializer's block and plain scalars lose or change line breaks, tabs and NEL/LS/PS for other
/// readers (tests/Infra.Access.Tests/Oracles/KubernetesManifestOracleTests.cs), the writer and the
/// oracle double-quote any string holding a control character, LS, PS or a byte order mark.
/// </summary>
public sealed class YamlDocumentWriterTests
{
    private static readonly ISerializer Yaml11Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings(quoteYaml1_1Strings: true)
        .WithNewLine("\n")
        .DisableAliases()
        .Build();

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
        .WithEventEmitter(next => new QuoteWhatYaml11Quotes(next), where => where.OnTop())
        .WithNewLine("\n")
        .DisableAliases()
        .Build();

    public static TheoryData<string> Strings() =>
    [
        "", " ", "  x", " x\n", "\tx", "\nx", "x ", "x\n", "x\ny", "true", "True", "TRUE", "false", "null", "Null", "~", "yes", "on",
        "0", "-1", "+1", "007", "0o17", "0x1F", "1.5", ".5", "1e3", "1E-3", ".inf", "-.Inf", ".nan", "1_000", "12:30", "1.2.3", "10.0.0.0/8",
        "a: b", "a:b", "#x", "x #y", "x#y", "-", "- x", "-x", "?", "? x", ":", "[a]", "{a}", "a, b", "*x", "&x", "!x", "|", ">", "%x", "@x", "`x",
        "'q'", "\"q\"", "it's", "caf\u00e9", "\u00a0x", "\u0085", "\u2028", "x\u0007", "\\x", new string('a', 120), "a " + new string('b', 100),
        "system:serviceaccount:ns:name", "https://host:8200/path?q=1", "*",
    ];

    [Theory]
    [MemberData(nameof(Strings))]
    public void Write_WhenAStringNeedsOrAvoidsQuotes_ShouldWriteWhatTheSerializerWrites(string text)
    {
        var document = new Dictionary<string, object> { ["value"] = text, [text] = new List<object> { text, true, 8200 } };

        Assert.Equal(Serializer.Serialize(document), YamlDocumentWriter.Write(document));
    }

    [Fact]
    public void Write_OnRandomStrings_ShouldWriteWhatTheSerializerWrites()
    {
        Gen.String[Gen.Char["abz09 \t\n:#-'\"[]{},.+~*&!|>%@`?\\\u00e9\u0085\u00a0"], 0, 12].Array[1, 4].Sample(texts =>
        {
            var document = new Dictionary<string, object> { ["items"] = texts.Cast<object>().ToList(), [texts[0]] = texts[^1] };
            Assert.Equal(Serializer.Serialize(document), YamlDocumentWriter.Write(document));
        }, iter: 2000);
    }

    [Theory]
    [InlineData("stacks/staging.yaml")]
    [InlineData("stacks/prod.yaml")]
    [InlineData("synthetic")]
    public void Documents_OfAPlan_ShouldBeTheSerializersTextOfEachObject(string source)
    {
        var text = source == "synthetic"
            ? CatalogGenerator.Generate(new CatalogOptions(200, 9, Production: true))
            : File.ReadAllText(RepositoryRoot.File(source.Split('/')));
        var plan = Planner.Build(DefinitionLoader.Load(text, "definition.yaml").Definition!);

        var expected = KubernetesRenderer.Objects(plan).Select(o => "---\n" + Serializer.Serialize(o)).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, KubernetesRenderer.Documents(plan).ToList());
    }

    [Fact]
    public void Write_WhenAValueIsOfAnotherType_ShouldRefuseIt()
    {
        Assert.Throws<ArgumentException>(() => YamlDocumentWriter.Write(new Dictionary<string, object> { ["when"] = 1.5 }));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("no")]
    [InlineData("y")]
    [InlineData("0b1")]
    [InlineData("1_000")]
    [InlineData("1:20")]
    public void Oracle_WhenAStringIsTypedByYaml11Only_ShouldDoubleQuoteIt(string text)
    {
        Assert.Equal($"- \"{text}\"\n", Serializer.Serialize(new List<object> { text }));
    }

    [Theory]
    [InlineData("x\ny", "\"x\\ny\"")]
    [InlineData("x\t", "\"x\t\"")]
    [InlineData("a\rb", "\"a\\rb\"")]
    [InlineData("a\u0085b", "\"a\\Nb\"")]
    [InlineData("a\u2028b", "\"a\\Lb\"")]
    public void Write_WhenAStringHoldsABreakOrAControl_ShouldDoubleQuoteAndEscapeIt(string text, string written)
    {
        Assert.Equal($"- {written}\n", YamlDocumentWriter.Write(new List<object> { text }));
    }

    /// <summary>
    /// Double-quotes a string the serializer's YAML 1.1 mode would double-quote, or that holds a
    /// control character, LS, PS or a byte order mark; the 1.2 quoting runs below it.
    /// </summary>
    private sealed class QuoteWhatYaml11Quotes(IEventEmitter next) : ChainedEventEmitter(next)
    {
        public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
        {
            if (eventInfo.Source.Value is string text
                && (text.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF')
                    || Yaml11Serializer.Serialize(new List<object> { text }).StartsWith("- \"", StringComparison.Ordinal)))
            {
                eventInfo.Style = ScalarStyle.DoubleQuoted;
            }

            base.Emit(eventInfo, emitter);
        }
    }
}
