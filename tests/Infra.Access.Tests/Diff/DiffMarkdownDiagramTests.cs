using Infra.Access.Definition;
using Infra.Access.Diff;
using static Infra.Access.Tests.Diff.DiffFixtures;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The access-chain picture in the comment: folded above twelve edges, at most thirty drawn with the
/// rest counted, and the Mermaid block's argument checks and abbreviation legend.
/// One identity granted N resources by one Role draws N + 2 edges: subject, Role, and one per resource.
/// </summary>
public sealed class DiffMarkdownDiagramTests
{
    [Theory]
    [InlineData(12, false)]
    [InlineData(13, true)]
    public void Render_WhenTheChainHasMoreThanTwelveEdges_ShouldFoldTheDiagramAndOnlyThen(int edges, bool folded)
    {
        var comment = DiffMarkdown.Render(DiffOf(Environment("staging", Tier.NonProduction, Granted(edges - 2))), DiffMarkdownOptions.Unbounded);

        Assert.Equal(folded, comment.Contains(
            $"\n### Access chain: staging\n\n<details><summary>Diagram ({edges} of {edges} edges, riskiest first)</summary>\n\n```mermaid\n", StringComparison.Ordinal));
        Assert.Equal(!folded, comment.Contains("\n### Access chain: staging\n\n```mermaid\n", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DiffMarkdown.MaxDiagramEdges, 0)]
    [InlineData(DiffMarkdown.MaxDiagramEdges + 1, 1)]
    public void Render_WhenTheChainHasMoreThanThirtyEdges_ShouldDrawThirtyAndCountTheRest(int edges, int notDrawn)
    {
        var comment = DiffMarkdown.Render(DiffOf(Environment("staging", Tier.NonProduction, Granted(edges - 2))), DiffMarkdownOptions.Unbounded);

        Assert.Contains($"<details><summary>Diagram ({DiffMarkdown.MaxDiagramEdges} of {edges} edges, riskiest first)</summary>", comment, StringComparison.Ordinal);
        Assert.Equal(notDrawn > 0, comment.Contains("more edges, not drawn", StringComparison.Ordinal));
        if (notDrawn > 0)
        {
            Assert.Contains($"```\n\n... and {notDrawn} more edges, not drawn (the least risky); the tables list every change.\n\nSolid arrows", comment, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Mermaid_WhenTheEdgesAreNull_ShouldThrowArgumentNullExceptionNamingThem()
    {
        var error = Assert.Throws<ArgumentNullException>(() => DiffMarkdown.Mermaid(null!, Environment("staging", Tier.NonProduction)));

        Assert.Equal("edges", error.ParamName);
    }

    [Fact]
    public void Mermaid_WhenTheEnvironmentIsNull_ShouldThrowArgumentNullExceptionNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => DiffMarkdown.Mermaid([new ChainEdge("a", "b", "", Lost: false)], null!));

        Assert.Equal("environment", error.ParamName);
    }

    [Fact]
    public void Mermaid_WhenNoAbbreviationsAreGiven_ShouldEndTheLegendWithoutAnAbbreviationNode()
    {
        ChainEdge[] edges = [new ChainEdge("Role payments/ci-deploy", "payments blobs", "+ [A1]/blobs/read", Lost: false)];

        var mermaid = DiffMarkdown.Mermaid(edges, Environment("staging", Tier.NonProduction));

        Assert.Contains("  n0 -->|\"+ [A1]/blobs/read\"| n1\n", mermaid, StringComparison.Ordinal);
        Assert.Contains("T trust widened\"]:::risky\n  end\n", mermaid, StringComparison.Ordinal);
        Assert.DoesNotContain("la[", mermaid, StringComparison.Ordinal);
    }

    private static IdentityDiff Granted(int resources) =>
        Identity("payments-api/deploy", IdentityStatus.Changed, [.. Many(resources, i => Row(Change.Gained, $"configmap-{i:D2}"))]);
}
