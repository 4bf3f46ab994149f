using System.Text;
using Infra.Access.Definition;
using Infra.Access.Diff;
using static Infra.Access.Tests.Diff.DiffFixtures;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The comment stays under its bound even when the part that is never cut (the summary line of each
/// environment, the risk summary) does not fit: it becomes an outline that keeps the marker, the
/// production warning and as many summary lines as fit, and points to the full report.
/// </summary>
public sealed class DiffMarkdownOutlineTests
{
    private const string RunUrl = "https://github.com/org/infra/actions/runs/42";

    /// <summary>3,000 environments, each with a changed identity: about 300 KB of summary lines alone.</summary>
    private static readonly Lazy<AccessDiff> Crowded = new(() => DiffOf([.. Many(3_000, i => Environment(
        $"env-{i:D4}",
        i == 0 ? Tier.Production : Tier.NonProduction,
        Identity($"pipeline-{i:D4}/deploy", IdentityStatus.Changed, Row(Change.Gained, $"deployments/app-{i:D4}", "patch", Risk.Write))))]));

    [Fact]
    public void Render_WhenTheSummaryAloneDoesNotFit_ShouldOutlineWithinTheBound()
    {
        var comment = DiffMarkdown.Render(Crowded.Value, new DiffMarkdownOptions(FullReportUrl: RunUrl));

        Assert.True(Encoding.UTF8.GetByteCount(comment) <= DiffMarkdown.DefaultMaxCharacters, $"{Encoding.UTF8.GetByteCount(comment)} bytes");
        Assert.StartsWith(DiffMarkdown.Marker + "\n## Access diff\n\n> [!WARNING]\n> Production access grows", comment, StringComparison.Ordinal);
        Assert.Contains("Even the summary of this diff does not fit in one comment", comment, StringComparison.Ordinal);
        Assert.Contains($"({RunUrl})", comment, StringComparison.Ordinal);
        Assert.Contains("- **env-0000** (production): +0 identities, -0 identities, +1 grant, -0 grants\n", comment, StringComparison.Ordinal);
        var shown = comment.Split('\n').Count(l => l.StartsWith("- **env-", StringComparison.Ordinal));
        Assert.InRange(shown, 100, 2_999);
        Assert.EndsWith($"- ... and {3_000 - shown} more environments\n", comment, StringComparison.Ordinal);
        Assert.Equal(comment, DiffMarkdown.Render(Crowded.Value, new DiffMarkdownOptions(FullReportUrl: RunUrl)));
    }

    [Fact]
    public void Render_WhenProductionComesLastInNameOrder_ShouldStillListItFirst()
    {
        // A name that sorts last must not hide the environment whose production access grows.
        var environments = Crowded.Value.Environments;
        var last = DiffOf([.. environments.Skip(1), environments[0] with { Environment = "zz-prod" }]);

        var comment = DiffMarkdown.Render(last, new DiffMarkdownOptions(FullReportUrl: RunUrl));

        Assert.Contains("Even the summary of this diff does not fit", comment, StringComparison.Ordinal);
        var first = comment.Split('\n').First(l => l.StartsWith("- **", StringComparison.Ordinal));
        Assert.Equal("- **zz-prod** (production): +0 identities, -0 identities, +1 grant, -0 grants", first);
    }

    [Fact]
    public void Render_WhenUnbounded_ShouldNeverOutline()
    {
        var comment = DiffMarkdown.Render(Crowded.Value, DiffMarkdownOptions.Unbounded);

        Assert.DoesNotContain("Even the summary", comment, StringComparison.Ordinal);
        Assert.Contains("- **env-2999** (non-production)", comment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4_096)]
    [InlineData(5_000)]
    [InlineData(20_000)]
    public void Render_WhenTheLinkIsLongerThanTheBoundAllows_ShouldSayWhereTheReportIsWithoutIt(int bound)
    {
        var url = RunUrl + "?" + new string('x', 25_000);

        var comment = DiffMarkdown.Render(Crowded.Value, new DiffMarkdownOptions(bound, url));

        Assert.True(Encoding.UTF8.GetByteCount(comment) <= bound, $"{Encoding.UTF8.GetByteCount(comment)} > {bound}");
        Assert.DoesNotContain(url, comment, StringComparison.Ordinal);
        Assert.Contains("The full report: the job summary and the `access-diff-report` artifact", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenTheSummaryFits_ShouldNotOutline()
    {
        var few = DiffOf([.. Crowded.Value.Environments.Take(20)]);

        var comment = DiffMarkdown.Render(few, new DiffMarkdownOptions(FullReportUrl: RunUrl));

        Assert.DoesNotContain("Even the summary", comment, StringComparison.Ordinal);
        Assert.Equal(DiffMarkdown.Render(few, DiffMarkdownOptions.Unbounded), comment);
    }
}
