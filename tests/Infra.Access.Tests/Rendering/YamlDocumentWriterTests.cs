using CsCheck;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Synthetic;
using Infra.Testing;
using YamlDotNet.Serialization;

namespace Infra.Access.Tests.Rendering;

/// <summary>
/// The Kubernetes renderer drives YamlDotNet's emitter itself; YamlDotNet's serializer, configured
/// as the renderer used it before, is the oracle: the same documents must give the same text.
/// </summary>
public sealed class YamlDocumentWriterTests
{
    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithQuotingNecessaryStrings()
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
}
