using System.Text.RegularExpressions;
using Infra.Access.Diff;
using Infra.Access.Tests.Golden;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// README.md and docs/diff.md show a real comment: the review-example golden case (the example
/// stacks with a realistic change), generated between markers and kept fresh here, with its picture
/// (docs/diff-example.png, drawn by Mermaid in <see cref="Oracles.MermaidOracleTests"/>).
/// </summary>
public sealed class DiffDocsTests
{
    [Fact]
    public void Docs_WhenTheExampleCommentIsRegenerated_ShouldBeUnchanged()
    {
        var comment = DiffMarkdown.Render(DiffGoldenTests.DiffOf("review-example"));
        var riskFirst = comment[..comment.IndexOf("\n### Access chain", StringComparison.Ordinal)];

        Section(RepositoryRoot.File("docs", "diff.md"),
            "![The access chain of the example comment, drawn by Mermaid: gained edges green, lost ones dashed red, risky ones thick, with a legend](diff-example.png)\n\n"
            + "````markdown\n" + comment + "````\n");
        Section(RepositoryRoot.File("README.md"),
            "![The access chain of the example comment, drawn by Mermaid](docs/diff-example.png)\n\n"
            + "````markdown\n" + riskFirst + "\n... (diagram, changed and new identities, network, removals: see docs/diff.md)\n````\n");
    }

    private static void Section(string path, string content)
    {
        var pattern = new Regex("(<!-- diff-example:begin -->\n)(.*?)(<!-- diff-example:end -->)", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        lock (GoldenFiles.SharedFile)
        {
            var text = File.ReadAllText(path);
            Assert.True(pattern.IsMatch(text), $"{GoldenFiles.Relative(path)} lost the markers <!-- diff-example:begin --> and <!-- diff-example:end --> around the example comment; put them back, then run scripts/update-golden.sh");
            GoldenFiles.AssertMatches(path, pattern.Replace(text, m => m.Groups[1].Value + content + m.Groups[3].Value));
        }
    }
}
