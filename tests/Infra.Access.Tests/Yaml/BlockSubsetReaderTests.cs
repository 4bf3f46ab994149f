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

    // Pieces of lines the subset reader decides on: indentation, sequence dashes, keys, values,
    // comments and line ends, mixed so that most documents are valid YAML and many are not.
    private static readonly string[] Indents = ["", "", "  ", "  ", "    ", "      ", " ", "   "];
    private static readonly string[] Dashes = ["", "", "", "- ", "- - ", "-", "-  "];
    private static readonly string[] Keys = ["a", "b", "name", "a b", "http://x", "a#b", "x-y", "\"q\"", "'q'", "? k", "<<", "-k", "é", "k ", ""];
    private static readonly string[] Separators = [": ", ": ", ":", ":  ", " : ", ":\t"];
    private static readonly string[] Values =
        ["", "", "v", "a b", "1", "~", "null", "x:y", "x: y", "a #c", "a#b", "https://h:1/p", "\"q\"", "\"a\\nb\"", "\"a 'b'\"", "'it''s'", "''", "'a", "\"a",
         "[]", "[a]", "[a, b]", "[ a ,b ]", "['a', \"b\"]", "[a,]", "[a, [b]]", "[a: b]", "[a", "{a: 1}", "|", ">", "&x v", "*x", "!t v", "-1", "- x", "%x", "@x", "`x", "v # c", "\"q\" # c", "\"q\"x"];
    private static readonly string[] Ends = ["\n", "\n", "\n", "\r\n", "\n\n", "\n# c\n", "\n   # c\n", " \n", "\r", ""];

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    public void TryRead_OnRandomLinesOfYamlPieces_ShouldGiveTheFullParsersTreeOrLeaveIt(int seed)
    {
        var random = new Random(seed);
        var answered = 0;
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var text = new StringBuilder();
            var lines = 1 + random.Next(8);
            for (var line = 0; line < lines; line++)
            {
                text.Append(Pick(Indents)).Append(Pick(Dashes));
                if (random.Next(5) > 0)
                {
                    text.Append(Pick(Keys)).Append(Pick(Separators));
                }

                text.Append(Pick(Values)).Append(Pick(Ends));
            }

            answered += AssertSameTreeWhereItAnswers(text.ToString(), $"pieces-{seed}-{iteration}.yaml") ? 1 : 0;
        }

        // Most of these documents are not valid YAML; the point is the comparison where they are.
        Assert.True(answered > 50, $"the subset reader answered only {answered} of 3000 documents");

        string Pick(string[] pieces) => pieces[random.Next(pieces.Length)];
    }

    private static readonly string[] Scalars = ["v", "a b", "1", "~", "x:y", "a#b", "https://h:1/p", "\"q r\"", "\"a 'b'\"", "'it''s'", "''", "\"\"", "caf\u00e9", "v # c", "[x]", "-1", "\"a\\tb\""];

    [Theory]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    public void TryRead_OnRandomDocumentsInBlockStyle_ShouldGiveTheFullParsersTree(int seed)
    {
        var random = new Random(seed);
        var answered = 0;
        const int Documents = 1000;
        for (var iteration = 0; iteration < Documents; iteration++)
        {
            var text = new StringBuilder();
            var end = random.Next(4) == 0 ? "\r\n" : "\n";
            Mapping(0, 0, prefix: null);
            answered += AssertSameTreeWhereItAnswers(text.ToString(), $"block-{seed}-{iteration}.yaml") ? 1 : 0;

            // A mapping at an indentation; the first key may follow a sequence dash on the same line.
            void Mapping(int indent, int depth, string? prefix)
            {
                var keys = 1 + random.Next(4);
                for (var k = 0; k < keys; k++)
                {
                    text.Append(k == 0 && prefix is not null ? prefix : new string(' ', indent)).Append('k').Append(k).Append(':');
                    Value(indent, depth);
                    if (random.Next(6) == 0)
                    {
                        text.Append(random.Next(2) == 0 ? end : new string(' ', random.Next(8)) + "# note" + end);
                    }
                }
            }

            void Value(int indent, int depth)
            {
                var nested = indent + 2 + (random.Next(3) == 0 ? 2 : 0);
                switch (depth < 4 ? random.Next(6) : random.Next(3))
                {
                    case 0:
                        text.Append(end);
                        break;
                    case 1:
                        text.Append(' ').Append(Scalars[random.Next(Scalars.Length)]).Append(end);
                        break;
                    case 2:
                        text.Append(" [").AppendJoin(random.Next(2) == 0 ? ", " : ",", Enumerable.Range(0, random.Next(4)).Select(_ => Scalars[random.Next(3)])).Append(']').Append(end);
                        break;
                    case 3:
                        text.Append(random.Next(3) == 0 ? " # about" : "").Append(end);
                        Mapping(nested, depth + 1, prefix: null);
                        break;
                    default:
                        text.Append(end);
                        var items = 1 + random.Next(3);
                        for (var i = 0; i < items; i++)
                        {
                            var dash = new string(' ', nested) + "- ";
                            if (random.Next(2) == 0)
                            {
                                Mapping(nested + 2, depth + 1, prefix: dash);
                            }
                            else
                            {
                                text.Append(dash).Append(Scalars[random.Next(Scalars.Length)]).Append(end);
                            }
                        }

                        break;
                }
            }
        }

        // Only the scalars with an escape or a leading '-' are outside the subset.
        Assert.True(answered > Documents / 4, $"the subset reader answered only {answered} of {Documents} documents");
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

    /// <summary>Issue 11, class 10: document markers and keys holding ' *', ' &amp;', ' !' where the two readers could part ways.</summary>
    public static TheoryData<string> MarkersAndIndicatorsInKeys() =>
    [
        "a *b: 1\n", "a &b: 1\n", "a !b: 1\n", "a *b: 1\nc: 2\n", "x:\n  a *b: 1\n", "- a *b: 1\n", "a *: 1\n", "a*b: 1\n", "a: x *y\n", "a: x &y\n",
        "a: [x *y]\n", "a: b *c: d\n", "a *b c: 1\n", "*a: 1\n", "&a: 1\n", "!a: 1\n",
        "---\na: 1\n", "--- \na: 1\n", "--- # c\na: 1\n", "---\r\na: 1\r\n", "# c\n---\na: 1\n", "a: 1\n---\n", "a: 1\n...\n", "a: 1\n--- \n",
        "---a: 1\n", "...a: 1\n", "a:\n---\n", "a:\n  ---\n", "a:\n  - ---\n", "a: ---\n", "a: ...\n", "- ---\n", "--- a: 1\n", "--- a\n", "---\n---\na: 1\n",
        "a:\n... b: 1\n", "a: 1\n... # c\n", " ---\na: 1\n", "a: 1\n ---\n",
    ];

    [Theory]
    [MemberData(nameof(MarkersAndIndicatorsInKeys))]
    public void TryRead_OnDocumentMarkersAndKeysHoldingIndicators_ShouldAgreeWithTheFullParser(string text)
    {
        AssertSameTreeWhereItAnswers(text, File);
        AssertSameTreeWhereItAnswers(text.Replace("\n", "\r\n", StringComparison.Ordinal), File);
    }

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
