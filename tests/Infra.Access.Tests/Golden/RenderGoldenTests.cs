namespace Infra.Access.Tests.Golden;

/// <summary>Every renderer's output for each case folder equals the checked-in files, and nothing else is there.</summary>
public sealed class RenderGoldenTests
{
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
        var files = RenderCases.Render(RenderCases.Plan(name));
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
}
