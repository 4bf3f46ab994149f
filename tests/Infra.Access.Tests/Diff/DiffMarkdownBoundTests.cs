using System.Text;
using Infra.Access.Definition;
using Infra.Access.Diff;
using static Infra.Access.Tests.Diff.DiffFixtures;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The bound on the comment, byte for byte: below the risk summary, blocks are added in order while
/// they fit in the bound less the head and the note's reserve; a section's heading and closing count
/// with its first block; what is left out is counted in the note, which points to the full report.
/// The blocks are cut from the unbounded comment of a small diff: a diagram, then two equal removals.
/// </summary>
public sealed class DiffMarkdownBoundTests
{
    /// <summary>What <see cref="DiffMarkdown"/> keeps free for the note (private there).</summary>
    private const int NoteReserve = 700;

    private const string Close = "\n</details>\n";

    private const string RunUrl = "https://github.com/org/infra/actions/runs/42";

    private static readonly AccessDiff TwoRemovals = DiffOf(Environment(
        "staging",
        Tier.NonProduction,
        Identity("batch-a/deploy", IdentityStatus.Removed, Row(Change.Lost, "pods")),
        Identity("batch-b/deploy", IdentityStatus.Removed, Row(Change.Lost, "pods"))));

    private static readonly Parts Cut = Parts.Of(DiffMarkdown.Render(TwoRemovals, DiffMarkdownOptions.Unbounded));

    [Fact]
    public void Render_WhenUnbounded_ShouldKeepEveryBlockAndAddNoNote()
    {
        var comment = DiffMarkdown.Render(TwoRemovals, DiffMarkdownOptions.Unbounded);

        Assert.Equal(Cut.Head + Cut.Diagram + Cut.Open + Cut.First + Cut.Second + Close, comment);
        Assert.DoesNotContain("[!NOTE]", comment, StringComparison.Ordinal);
        Assert.Contains("\n#### staging: `batch-b/deploy` (loses all access, +0, -1)\n", comment, StringComparison.Ordinal);
        Assert.Equal(comment, DiffMarkdown.Render(TwoRemovals));
    }

    [Fact]
    public void Render_WhenTheBoundFitsEveryBlockExactly_ShouldKeepThemAllAndCountTheSectionFrameOnce()
    {
        var bound = Cut.Head.Length + NoteReserve + Cut.Diagram.Length + Cut.Open.Length + Cut.First.Length + Cut.Second.Length + Close.Length;

        var comment = DiffMarkdown.Render(TwoRemovals, new DiffMarkdownOptions(bound));

        Assert.Equal(DiffMarkdown.Render(TwoRemovals, DiffMarkdownOptions.Unbounded), comment);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(RunUrl)]
    public void Render_WhenTheBoundFitsTheFirstRemovalExactly_ShouldLeaveOutTheSecondAndSayWhereTheFullReportIs(string? url)
    {
        var bound = Cut.Head.Length + NoteReserve + (url?.Length ?? 0) + Cut.Diagram.Length + Cut.Open.Length + Cut.First.Length + Close.Length;

        var comment = DiffMarkdown.Render(TwoRemovals, new DiffMarkdownOptions(bound, url));

        Assert.Equal(Cut.Head + Note(2, 1, url) + Cut.Diagram + Cut.Open + Cut.First + Close, comment);
        Assert.True(Encoding.UTF8.GetByteCount(comment) <= bound);
    }

    [Fact]
    public void Render_WhenTheBoundIsOneByteShortOfTheFirstRemoval_ShouldDropTheWholeRemovalsSection()
    {
        var bound = Cut.Head.Length + NoteReserve + Cut.Diagram.Length + Cut.Open.Length + Cut.First.Length + Close.Length - 1;

        var comment = DiffMarkdown.Render(TwoRemovals, new DiffMarkdownOptions(bound));

        Assert.Equal(Cut.Head + Note(1, 2, url: null) + Cut.Diagram, comment);
        Assert.DoesNotContain("### Removals", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenTheFullReportUrlIsLong_ShouldStayUnderEveryBoundThatFitsTheHeadAndNote()
    {
        // The note's fixed reserve is 700 bytes: a link longer than the room left in it (a proxy, a
        // signed artifact URL) took the blocks' room and pushed the comment over the bound. The link
        // here is as long as the blocks less one byte, so at the smallest bound all but the last fit.
        var blocks = Cut.Diagram.Length + Cut.Open.Length + Cut.First.Length + Cut.Second.Length + Close.Length;
        Assert.True(blocks > 1_000);
        var url = RunUrl + "?" + new string('x', blocks - RunUrl.Length - 2);
        var smallest = Cut.Head.Length + NoteReserve + url.Length;
        var largest = smallest + blocks;

        for (var bound = smallest; bound <= largest; bound += 3)
        {
            var comment = DiffMarkdown.Render(TwoRemovals, new DiffMarkdownOptions(bound, url));

            Assert.True(Encoding.UTF8.GetByteCount(comment) <= bound, $"{Encoding.UTF8.GetByteCount(comment)} > {bound}");
        }
    }

    private static string Note(int shown, int omitted, string? url) =>
        "\n> [!NOTE]\n> The full diff does not fit in one comment (GitHub takes at most 65,536 characters): this comment keeps the risk summary, the riskiest changes and "
        + $"{shown} of {shown + omitted} blocks below; {omitted} left out. "
        + (url is null
            ? "The full report: the job summary and the `access-diff-report` artifact of the access-diff workflow run, or `access diff ... --format markdown --max-chars 0`.\n"
            : $"The full report is in the [job summary and the `access-diff-report` artifact]({url}).\n");

    /// <summary>The unbounded comment cut at its block boundaries (ASCII only, so characters are bytes).</summary>
    private sealed record Parts(string Head, string Diagram, string Open, string First, string Second)
    {
        public static Parts Of(string comment)
        {
            Assert.Equal(comment.Length, Encoding.UTF8.GetByteCount(comment));
            Assert.EndsWith(Close, comment, StringComparison.Ordinal);
            var diagram = At(comment, "\n### Access chain: staging\n");
            var removals = At(comment, "\n### Removals\n");
            var first = At(comment, "\n#### staging: `batch-a/deploy`");
            var second = At(comment, "\n#### staging: `batch-b/deploy`");
            Assert.True(diagram < removals && removals < first && first < second);
            var parts = new Parts(comment[..diagram], comment[diagram..removals], comment[removals..first], comment[first..second], comment[second..^Close.Length]);
            // The two removals differ only in a letter: one fits exactly where the other would.
            Assert.Equal(parts.First.Length, parts.Second.Length);
            Assert.Equal("\n### Removals\n\n<details><summary>2 identities lose all access (2 grants)</summary>\n", parts.Open);
            return parts;
        }

        private static int At(string text, string part)
        {
            var index = text.IndexOf(part, StringComparison.Ordinal);
            Assert.True(index >= 0, part);
            return index;
        }
    }
}
