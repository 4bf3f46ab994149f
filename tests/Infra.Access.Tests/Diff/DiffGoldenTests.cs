using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Access.Tests.Golden;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// One folder per case under Golden/Diff: <c>base.yaml</c> and <c>head.yaml</c> (or <c>ENV.base.yaml</c>
/// and <c>ENV.head.yaml</c> per environment), and the expected Markdown, text (what `access diff` prints by default) and JSON. With UPDATE_GOLDEN=1
/// the test rewrites the expected files (scripts/update-golden.sh); review the change like code.
/// </summary>
public sealed class DiffGoldenTests
{
    private static readonly string Root = RepositoryRoot.File("tests", "Infra.Access.Tests", "Golden", "Diff");

    /// <summary>The day the golden cases are checked on, as the rule fixtures' default.</summary>
    private static readonly DateOnly Today = new(2026, 11, 24);

    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (var name in CaseNames())
        {
            cases.Add(name);
        }

        return cases;
    }

    private static IEnumerable<string> CaseNames() =>
        Directory.GetDirectories(Root).Order(StringComparer.Ordinal).Select(d => Path.GetFileName(d));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenGoldenCaseIsCompared_ShouldMatchExpectedMarkdownTextAndJson(string name)
    {
        var diff = DiffOf(name);

        Check(name, "expected.md", DiffMarkdown.Render(diff));
        Check(name, "expected.txt", DiffText.Render(diff));
        Check(name, "expected.json", DiffJson.Render(diff));
    }

    [Fact]
    public void Cases_WhenListed_ShouldCoverTheIssueCases()
    {
        var names = CaseNames().ToHashSet();

        Assert.Superset(new HashSet<string> { "new-pipeline", "new-capability", "widened-resource-names", "paused-pipeline", "prod-only-change", "no-change", "waived-finding", "review-example",
            "review-by-extended", "platform-namespaces", "ci-trust-settings", "waiver-extended" }, names);
    }

    internal static AccessDiff DiffOf(string name)
    {
        var directory = Path.Combine(Root, name);
        var bases = Directory.GetFiles(directory, "*base.yaml").Order(StringComparer.Ordinal).ToList();
        var heads = Directory.GetFiles(directory, "*head.yaml").Order(StringComparer.Ordinal).ToList();
        // A case without its base (or head) would compare nothing and pass: every side has its pair.
        Assert.True(bases.Count > 0, $"Golden/Diff/{name}: no base.yaml (or ENV.base.yaml): the case would compare an empty diff");
        Assert.Equal(bases.Select(b => b[..^"base.yaml".Length]), heads.Select(h => h[..^"head.yaml".Length]));
        var environments = bases.Select(basePath => AccessDiffer.Compare(Side(basePath), Side(basePath[..^"base.yaml".Length] + "head.yaml")));
        return AccessDiffer.Compare(environments);
    }

    /// <summary>A side as `access diff` builds it: the plan and its guardrail report (findings and waived findings), checked on a fixed day.</summary>
    private static DiffSide Side(string path)
    {
        var result = DefinitionLoader.Load(File.ReadAllText(path), Path.GetFileName(path));
        Assert.True(result.Errors.IsEmpty, string.Join("\n", result.Errors));
        var plan = Planner.Build(result.Definition!);
        return DiffSide.OfDefinition(plan, Guardrails.Check([result.Definition!], [plan], Today), result.Definition!);
    }

    private static void Check(string name, string file, string actual) => GoldenFiles.AssertMatches(Path.Combine(Root, name, file), actual);
}
