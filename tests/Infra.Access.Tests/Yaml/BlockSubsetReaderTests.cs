using System.Globalization;
using System.Text;
using Infra.Access.Loading;
using Infra.Access.Synthetic;
using Infra.Access.Tests.Fuzz;
using Infra.Access.Yaml;
using Infra.Testing;

namespace Infra.Access.Tests.Yaml;

/// <summary>
/// The subset reader must give YamlDotNet's tree, positions included, wherever it answers, and must
/// answer for the files definitions are really written as; everything else it leaves to the full parser.
/// </summary>
public sealed class BlockSubsetReaderTests
{
    private const string File = "definition.yaml";

    public static TheoryData<string> RepositoryYamlFiles()
    {
        var data = new TheoryData<string>();
        var root = RepositoryRoot.File();
        foreach (var folder in new[] { "stacks", "tests", "docs", "catalog" })
        {
            var path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(path, "*.yaml", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains("node_modules", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file).Replace('\\', '/'));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RepositoryYamlFiles))]
    public void TryRead_OnEveryYamlFileOfTheRepository_ShouldGiveTheFullParsersTreeOrLeaveIt(string path)
    {
        var text = System.IO.File.ReadAllText(RepositoryRoot.File(path.Split('/')));
        AssertSameTreeWhereItAnswers(text, path);
    }

    [Theory]
    [InlineData("stacks/staging.yaml")]
    [InlineData("stacks/prod.yaml")]
    public void TryRead_OnTheStacks_ShouldAnswer(string path)
    {
        var text = System.IO.File.ReadAllText(RepositoryRoot.File(path.Split('/')));
        Assert.NotNull(BlockSubsetReader.TryRead(text, path, LoadLimits.Default));
        AssertSameTreeWhereItAnswers(text, path);
        AssertSameTreeWhereItAnswers(text.Replace("\n", "\r\n", StringComparison.Ordinal), path);
    }

    [Theory]
    [InlineData(40, 1, false)]
    [InlineData(40, 2, true)]
    [InlineData(300, 3, false)]
    public void TryRead_OnSyntheticCatalogs_ShouldAnswerWithTheFullParsersTree(int pipelines, int seed, bool production)
    {
        var text = CatalogGenerator.Generate(new CatalogOptions(pipelines, seed, production));
        Assert.NotNull(BlockSubsetReader.TryRead(text, File, LoadLimits.Default));
        AssertSameTreeWhereItAnswers(text, File);
    }

    [Theory]
    [InlineData("staging", 11)]
    [InlineData("prod", 12)]
    [InlineData("synthetic", 13)]
    public void TryRead_OnRandomMutationsOfValidDefinitions_ShouldGiveTheFullParsersTreeOrLeaveIt(string source, int seed)
    {
        var original = LoaderFuzzTests.Source(source);
        var random = new Random(seed);
        var answered = 0;
        for (var iteration = 0; iteration < 1500; iteration++)
        {
            var mutated = LoaderFuzzTests.Mutate(original, random);
            answered += AssertSameTreeWhereItAnswers(mutated, $"{source}-{seed}-{iteration}.yaml") ? 1 : 0;
        }

        // Most mutations leave valid YAML in the subset; a reader that always gave up would pass the comparison.
        Assert.True(answered > 300, $"the subset reader answered only {answered} of 1500 mutations");
    }

    public static TheoryData<string, string> Answered() => new()
    {
        { "crlf line ends", "a: 1\r\nb:\r\n  - x\r\n" },
        { "comments everywhere", "# head\na: 1 # after\n  # indented comment\nb: [x, y] # flow\n\n# tail" },
        { "no final newline", "a:\n  b: c" },
        { "quoted scalars", "a: \"x: y # z\"\nb: 'it''s'\nc: ''\nd: \"\"" },
        { "flow sequences", "a: []\nb: [ x ,y ]\nc: ['q', \"r\", s-t]" },
        { "compact mappings in sequences", "s:\n  - a: 1\n    b: 2\n  - - x\n    - y\n  - z" },
        { "a sequence as the root", "- a\n- b: c\n" },
        { "a root indented", "  a: 1\n  b: 2\n" },
        { "plain scalars with indicators inside", "a: x-y:z,[w]\nb: https://host:8200/p?q=1\nc: it's\nd: a#b" },
        { "value on the next line", "a:\n  b\n" },
        { "non-ASCII text", "a: caf\u00e9 \u00fcber \u4e2d\u6587\nb\u00e9: x" },
        { "a scalar root", "just text" },
        { "keys with spaces and colons", "a b: 1\nhttp://x: 2" },
        { "empty values", "a:\nb:   # c\n\nc: 1\nd:\n  - e:\n  - f: # c\ng:" },
    };

    [Theory]
    [MemberData(nameof(Answered))]
    public void TryRead_WhenTheTextIsInTheSubset_ShouldAnswerWithTheFullParsersTree(string name, string text)
    {
        Assert.True(BlockSubsetReader.TryRead(text, File, LoadLimits.Default) is not null, name);
        AssertSameTreeWhereItAnswers(text, File);
    }

    public static TheoryData<string, string> LeftToTheFullParser() => new()
    {
        { "empty", "" },
        { "only comments", "# a\n# b\n" },
        { "a tab", "a:\t1" },
        { "a byte-order mark", "\uFEFFa: 1" },
        { "a lone carriage return", "a: 1\rb: 2" },
        { "a next-line character", "a: 1\u0085b: 2" },
        { "a control character", "a: \u0007" },
        { "an indentless sequence", "a:\n- x\n- y" },
        { "a multi-line plain scalar", "a: x\n  y\nb: 1" },
        { "a multi-line plain item", "- x\n  y" },
        { "a sequence item on the next line", "-\n  a: 1" },
        { "an escape", "a: \"x\\ty\"" },
        { "a multi-line quoted scalar", "a: \"x\n  y\"" },
        { "a block scalar", "a: |\n  x\n" },
        { "a folded scalar", "a: >\n  x\n" },
        { "an anchor", "a: &x 1\nb: *x" },
        { "a tag", "a: !!str 1" },
        { "a flow mapping", "a: {b: 1}" },
        { "a nested flow sequence", "a: [[x]]" },
        { "a multi-line flow sequence", "a: [x,\n  y]" },
        { "a trailing comma", "a: [x, ]" },
        { "an empty flow item", "a: [x, , y]" },
        { "a flow item with a colon", "a: [x:y]" },
        { "a duplicate key", "a: 1\na: 2" },
        { "a merge key", "<<: {}\na: 1" },
        { "a quoted key", "\"a\": 1" },
        { "a complex key", "? a\n: 1" },
        { "a space before the colon", "a : 1" },
        { "a mapping value in a value", "a: b: c" },
        { "a sequence in a value", "a: - x" },
        { "a document start", "---\na: 1" },
        { "a document end", "a: 1\n...\n" },
        { "a directive", "%YAML 1.2\n---\na: 1" },
        { "text after a quoted scalar", "a: \"x\" y" },
        { "a comment without a space", "a: \"x\"#c" },
        { "a deeper line after a mapping", "a:\n    b: 1\n  c: 2" },
        { "a key at a column between", "a:\n  b: 1\n c: 2" },
        { "a root ending before the file", "  a: 1\nb: 2" },
        { "a plain scalar starting with an indicator", "a: -1\n" },
        { "a plain scalar starting with a percent", "a: %x\n" },
    };

    [Theory]
    [MemberData(nameof(LeftToTheFullParser))]
    public void TryRead_WhenTheTextIsOutsideTheSubset_ShouldLeaveItToTheFullParser(string name, string text)
    {
        Assert.True(BlockSubsetReader.TryRead(text, File, LoadLimits.Default) is null, name);
    }

    [Theory]
    [InlineData(0xD800)]
    [InlineData(0xDFFF)]
    [InlineData(0xFFFE)]
    [InlineData(0x0085)]
    [InlineData(0x2028)]
    [InlineData(0x2029)]
    [InlineData(0x007F)]
    [InlineData(0x0000)]
    public void TryRead_WhenTheTextHoldsACharacterTheFullParserDecidesOn_ShouldLeaveIt(int character)
    {
        // Built here, not in the data: the test runner would turn a lone surrogate into U+FFFD.
        var text = "a: x" + (char)character + "y\n";
        Assert.Null(BlockSubsetReader.TryRead(text, File, LoadLimits.Default));
        Assert.NotNull(BlockSubsetReader.TryRead("a: x\u00e9y\n", File, LoadLimits.Default));
    }

    [Fact]
    public void TryRead_AtTheLimitsOfTheLoader_ShouldLeaveItToTheFullParserWhichReportsThem()
    {
        var text = "a:\n  b:\n    c: 1\n  d: [x, y, z]\ne: long-value\n";
        var tight = new LoadLimits(MaxCharacters: 1000, MaxDepth: 24, MaxScalarLength: 4096, MaxNodes: 1000);
        Assert.NotNull(BlockSubsetReader.TryRead(text, File, tight));
        Assert.Null(BlockSubsetReader.TryRead(text, File, tight with { MaxDepth = 2 }));
        Assert.Null(BlockSubsetReader.TryRead(text, File, tight with { MaxNodes = 13 }));
        Assert.Null(BlockSubsetReader.TryRead(text, File, tight with { MaxScalarLength = 9 }));
        Assert.NotNull(BlockSubsetReader.TryRead(text, File, tight with { MaxDepth = 3, MaxNodes = 14, MaxScalarLength = 10 }));
        foreach (var limits in new[] { tight with { MaxDepth = 2 }, tight with { MaxNodes = 13 }, tight with { MaxScalarLength = 9 } })
        {
            Assert.NotNull(YamlTreeReader.Read(text, File, limits).Error);
        }
    }

    /// <summary>Asserts the subset reader's tree equals the full parser's; false when it gave up.</summary>
    private static bool AssertSameTreeWhereItAnswers(string text, string file)
    {
        var subset = BlockSubsetReader.TryRead(text, file, LoadLimits.Default);
        if (subset is null)
        {
            return false;
        }

        var (full, error) = YamlTreeReader.ReadWithParser(text, file, LoadLimits.Default);
        Assert.True(error is null, $"{file}: the subset reader answered where the full parser reports {error}\n--- input ---\n{text}");
        Assert.Equal(Dump(full!), Dump(subset));
        return true;
    }

    private static string Dump(YamlNode root)
    {
        var text = new StringBuilder();
        Write(root, 0);
        return text.ToString();

        void Write(YamlNode node, int indent)
        {
            text.Append(' ', indent).Append(CultureInfo.InvariantCulture, $"{node.File}:{node.Line}:{node.Column} ");
            switch (node)
            {
                case YamlScalar scalar:
                    text.Append(scalar.IsPlain ? "plain " : "quoted ").Append('[').Append(scalar.Value).Append("]\n");
                    break;
                case YamlSequence sequence:
                    text.Append("sequence\n");
                    foreach (var item in sequence.Items)
                    {
                        Write(item, indent + 2);
                    }

                    break;
                case YamlMapping mapping:
                    text.Append("mapping\n");
                    foreach (var (key, value) in mapping.Entries)
                    {
                        Write(key, indent + 2);
                        Write(value, indent + 4);
                    }

                    break;
            }
        }
    }
}
