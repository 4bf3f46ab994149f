using System.Text;
using Infra.Access.Loading;
using Infra.Access.Rendering;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;
using Infra.Testing;

namespace Infra.Access.Tests.Golden;

/// <summary>
/// Every renderer's output for each case folder equals the checked-in files, and nothing else is
/// there. Each case also runs through the guardrails: <c>findings.txt</c> declares what they find,
/// so a case that plans something the rules refuse says so in review.
/// </summary>
public sealed class RenderGoldenTests
{
    private const string CaseLine = "# Golden case: ";
    private const string Begin = "<!-- golden-cases:begin -->\n";
    private const string End = "<!-- golden-cases:end -->";
    private static readonly DateOnly Today = new(2026, 11, 24);

    public static TheoryData<string> Cases() => [.. RenderCases.Names()];

    [Fact]
    public void Cases_WhenListed_ShouldIncludeBothStacksAndTheFocusedDefinitions()
    {
        Assert.Contains("stacks-staging", RenderCases.Names());
        Assert.Contains("stacks-prod", RenderCases.Names());
        Assert.True(RenderCases.Names().Count() >= 8);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenCaseIsRendered_ShouldMatchTheGoldenFiles(string name)
    {
        var folder = Path.Combine(RenderCases.Folder, name);
        var files = RenderCases.Render(RenderCases.Plan(name)).Append(Findings(name)).ToList();
        var expectedPaths = files.Select(f => Path.GetFullPath(Path.Combine(folder, f.Path))).ToHashSet(StringComparer.Ordinal);
        var stale = Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Where(p => Path.GetFileName(p) != RenderCases.DefinitionFile && !expectedPaths.Contains(Path.GetFullPath(p)))
            .ToList();
        if (GoldenFiles.Updating)
        {
            stale.ForEach(File.Delete);
        }
        else
        {
            Assert.True(stale.Count == 0, "golden files no renderer makes any more (run scripts/update-golden.sh): " + string.Join(", ", stale.Select(GoldenFiles.Relative)));
        }

        foreach (var file in files)
        {
            GoldenFiles.AssertMatches(Path.Combine(folder, file.Path), file.Content);
        }
    }

    [Fact]
    public void TestingPage_WhenCasesAreListed_ShouldEmbedEachCasesFirstLine()
    {
        var path = RepositoryRoot.File("docs", "testing.md");
        var page = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = page.IndexOf(Begin, StringComparison.Ordinal);
        var end = page.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/testing.md needs the markers {Begin.TrimEnd()} and {End} around the golden-case table");

        var table = new StringBuilder("| case | what it pins down |\n|---|---|\n");
        foreach (var name in RenderCases.Names())
        {
            table.Append("| `").Append(name).Append("` | ").Append(Purpose(name)).Append(" |\n");
        }

        GoldenFiles.AssertMatches(path, string.Concat(page.AsSpan(0, start + Begin.Length), table.ToString(), page.AsSpan(end)));
    }

    /// <summary>What a case pins down: the first line of its definition.yaml; a stacks-ENV case stands for stacks/ENV.yaml.</summary>
    private static string Purpose(string name)
    {
        if (name.StartsWith("stacks-", StringComparison.Ordinal))
        {
            return $"the shipped environment `stacks/{name["stacks-".Length..]}.yaml`";
        }

        var relative = $"tests/Infra.Access.Tests/Golden/Render/{name}/{RenderCases.DefinitionFile}";
        var first = RenderCases.Definition(name).Text.Split('\n')[0];
        Assert.True(first.StartsWith(CaseLine, StringComparison.Ordinal), $"{relative}: the first line must be '{CaseLine}<what the case pins down>' (docs/testing.md lists it)");
        return first[CaseLine.Length..].TrimEnd('\r');
    }

    /// <summary>The guardrail findings of the case's definition alone, as <c>access check</c> prints them.</summary>
    private static RenderedFile Findings(string name)
    {
        var (text, file) = RenderCases.Definition(name);
        var definition = DefinitionLoader.Load(text, file).Definition!;
        return new RenderedFile("findings.txt", FindingsText.Render(Guardrails.Check([definition], Today)));
    }
}
