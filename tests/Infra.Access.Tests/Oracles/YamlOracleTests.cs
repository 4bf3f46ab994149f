using System.Text;
using Infra.Access.Loading;
using Infra.Access.Synthetic;
using Infra.Access.Tests.Rules;
using Infra.Access.Yaml;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Issue 11, class 10: what a reviewer reads is what the tool reads. The tool's reading (the tree
/// the loader binds: the block-subset reader, or YamlDotNet behind the refusals) is compared with
/// an independent YAML 1.2 reader's (<see cref="YamlOracle"/>) on the repository's definitions,
/// every rule fixture and thousands of seeded mutations aimed at the inputs readers disagree on.
/// Wherever the tool accepts a text, both trees must be equal (keys, scalar strings, positions);
/// everywhere else the tool must refuse with an error located inside the text.
/// </summary>
public sealed class YamlOracleTests
{
    [Fact]
    public void Read_OnEveryDefinitionOfTheRepository_ShouldEqualTheOraclesTree()
    {
        var texts = RepositoryDefinitions().ToList();
        Assert.True(texts.Count > 100, $"only {texts.Count} definitions found");

        var accepted = AssertAgreement(texts);

        // The valid definitions must be read, not refused: a reader refusing everything would agree.
        Assert.True(accepted > texts.Count / 2, $"the tool accepted only {accepted} of {texts.Count} definitions");
    }

    [Theory]
    [InlineData("stacks/staging.yaml", 101)]
    [InlineData("stacks/prod.yaml", 102)]
    [InlineData("tests/Infra.Access.Tests/Fixtures/Rules/_base/prod.yaml", 103)]
    [InlineData("synthetic", 104)]
    public void Read_OnSeededMutationsAimedAtReaderDisagreements_ShouldEqualTheOracleOrRefuse(string source, int seed)
    {
        var original = source == "synthetic"
            ? CatalogGenerator.Generate(new CatalogOptions(6, 7, Production: true))
            : File.ReadAllText(RepositoryRoot.File(source.Split('/')));
        var random = new Random(seed);
        var lines = original.Split('\n');
        var texts = Enumerable.Range(0, 2000).Select(_ => Mutate(Window(lines, random), random)).ToList();

        var accepted = AssertAgreement(texts);

        // Many mutations stay valid YAML (a comment, a quoted value): the comparison must have work to do.
        Assert.True(accepted > 250, $"the tool accepted only {accepted} of {texts.Count} mutations");
    }

    /// <summary>
    /// A few lines of the source from a random line on, moved left to column 1, up to the first
    /// line indented less than the first one: a small valid definition fragment, so a batch of
    /// thousands stays quick for both readers while every kind of line of the source is mutated.
    /// </summary>
    internal static string Window(string[] lines, Random random)
    {
        var start = random.Next(lines.Length);
        var indent = lines[start].Length - lines[start].TrimStart(' ').Length;
        var window = new StringBuilder();
        for (var i = start; i < lines.Length && i < start + 24; i++)
        {
            var line = lines[i];
            var own = line.Length - line.TrimStart(' ').Length;
            var blank = line.TrimStart(' ').Length == 0 || line.TrimStart(' ').StartsWith('#');
            if (!blank && own < indent)
            {
                break;
            }

            window.Append(line.AsSpan(Math.Min(own, indent))).Append('\n');
        }

        return window.ToString();
    }

    /// <summary>
    /// Inserted anywhere in a line: the characters and constructs on which YAML readers are known
    /// to disagree, and the plain ones around them that keep many mutations valid.
    /// </summary>
    private static readonly string[] Injections =
    [
        "\u2028", "\u2029", "\u0085", "\r", "\r\n", "\t", "\uFEFF", "\u000B", "\u000C", "\u001B", "\u007F", "\u0080", "\u009F", "\u00A0",
        " # c\u2028k: v", " # c\u0085- x", " # c\rk: v", " #\u2029  - read-secret",
        " *x", " &x", " !x", "*x", "&x ", "!x ", "!!str ", "!<tag:yaml.org,2002:str> ", "*", "&",
        "? ", ": ", "- ", " -", "?", ":", "-", "[?x]", "[:x]", "[-x]", "[? x]", "[x, ?y]", "[x, :y]", "[x, -y]", "{? a}", "{a: b}", "{a}", "[a: b]", "[]", "{}",
        "---", "...", "--- ", "... ", "\n---\n", "\n...\n", "\n--- x\n", "%YAML 1.2\n---\n", "%TAG ! tag:x,2000:\n---\n", "\n%YAML 1.1\n",
        "#", " #", " # c", "\"x\" y", "'x'y", "\"x\"", "'x'", "\"\\u2028\"", "\"a\\\nb\"",
        "<<: ", "yes", "no", "on", "off", "y", "~", "null", "012", "0o12", "0x1F", "1:20", "1_000", ".inf", "true",
        "|", ">", "|-\n", ">+\n", "\\", "\"", "'", ",", "[", "]", "{", "}", "@", "`", "%", "  ", " ", "é", "\u202E",
    ];

    internal static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var count = 1 + random.Next(2);
        for (var m = 0; m < count; m++)
        {
            var i = random.Next(lines.Count);
            var line = lines[i];
            var at = random.Next(4) switch
            {
                // Where readers decide most: the start of the content, after a key's ':', at a comment, anywhere.
                0 => line.Length - line.TrimStart(' ').Length,
                1 => line.IndexOf(": ", StringComparison.Ordinal) is var c and >= 0 ? c + 2 : line.Length,
                2 => line.IndexOf('#', StringComparison.Ordinal) is var h and >= 0 ? h + 1 + random.Next(line.Length - h) : line.Length,
                _ => random.Next(line.Length + 1),
            };
            lines[i] = line.Insert(at, Injections[random.Next(Injections.Length)]);
        }

        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }

    /// <summary>
    /// Feeds every text to both readers and asserts they agree wherever the tool accepts;
    /// returns how many texts the tool accepted.
    /// </summary>
    private static int AssertAgreement(List<string> texts)
    {
        // The tool drops a byte-order mark opening the file (an encoding signature editors do not
        // show or count); so does the oracle, but it counts it in the first line's columns.
        var oracle = YamlOracle.Read([.. texts.Select(t => t.StartsWith('\uFEFF') ? t[1..] : t)]);
        var disagreements = new List<string>();
        var accepted = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            var text = texts[i];
            var (root, error) = YamlTreeReader.Read(text, "definition.yaml", LoadLimits.Default);
            if (root is null)
            {
                var lines = text.Split('\n').Length;
                if (error is null || error.Location.Line < 1 || error.Location.Line > lines || error.Location.Column < 1)
                {
                    disagreements.Add($"#{i}: refused without a location inside the text: {error}\n{Show(text)}");
                }

                continue;
            }

            accepted++;
            if (!YamlOracle.Accepted(oracle[i]))
            {
                disagreements.Add($"#{i}: the tool accepts, the oracle reports {YamlOracle.Errors(oracle[i])} ({oracle[i]["documents"]} documents)\n{Show(text)}");
                continue;
            }

            var mine = YamlOracle.Dump(root);
            var theirs = YamlOracle.Dump(oracle[i]["tree"]);
            if (mine != theirs)
            {
                disagreements.Add($"#{i}: the trees differ\n{Show(text)}\n--- tool ---\n{Around(mine, theirs)}\n--- oracle ---\n{Around(theirs, mine)}");
            }
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreement(s); the first:\n\n{string.Join("\n\n", disagreements.Take(6))}");
        return accepted;
    }

    /// <summary>The text with its invisible characters made visible.</summary>
    private static string Show(string text)
    {
        var shown = new StringBuilder();
        foreach (var c in text)
        {
            _ = c is '\n' ? shown.Append("\\n\n") : c is < ' ' or (>= '\u007F' and <= '\u00A0') or '\u2028' or '\u2029' or '\uFEFF'
                ? shown.Append(System.Globalization.CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>")
                : shown.Append(c);
        }

        return shown.Length > 3000 ? DiffWindow(shown.ToString()) : shown.ToString();

        static string DiffWindow(string s) => s[..3000] + "...";
    }

    /// <summary>The lines of <paramref name="dump"/> around its first difference from <paramref name="other"/>.</summary>
    private static string Around(string dump, string other)
    {
        var a = dump.Split('\n');
        var b = other.Split('\n');
        var first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        return string.Join('\n', a.Skip(Math.Max(0, first - 3)).Take(8));
    }

    /// <summary>The stacks, every YAML definition under tests/ and docs/, and every rule fixture's edited definition.</summary>
    private static IEnumerable<string> RepositoryDefinitions()
    {
        var root = RepositoryRoot.File();
        foreach (var folder in new[] { "stacks", "tests", "docs" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.yaml", SearchOption.AllDirectories)
                         .Where(f => !f.Contains("node_modules", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                     && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                         .Order(StringComparer.Ordinal))
            {
                yield return File.ReadAllText(file);
            }
        }

        foreach (var relative in RuleFixture.All())
        {
            var fixture = RuleFixture.Read(relative);
            var text = File.ReadAllText(Path.Combine(RuleFixture.Root, "_base", fixture.Definitions[0] + ".yaml"));
            foreach (var (find, with) in fixture.Replace)
            {
                text = text.Replace(find, with, StringComparison.Ordinal);
            }

            yield return text;
        }
    }
}
