using System.Collections.Immutable;
using System.Text;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Access.Synthetic;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// Issue 12, "the comment a reviewer reads": risk first, bounded at any catalog size, the riskiest
/// changes kept, long Azure actions abbreviated, the picture's riskiest edges first.
/// </summary>
public sealed class DiffCommentTests
{
    private static readonly GuardrailReport NoFindings = new([], [], []);

    /// <summary>A 4,000-pipeline catalog of each tier, 50 pipelines changed in each (paused or resumed, objects added).</summary>
    private static readonly Lazy<AccessDiff> Large = new(() => AccessDiffer.Compare(
        new[] { false, true }.Select(production => AccessDiffer.Compare(
            Side(new CatalogOptions(4000, 12, production)), Side(new CatalogOptions(4000, 12, production, ChangedPipelines: 50))))));

    [Fact]
    public void Render_WhenFourThousandPipelinesChangeFifty_ShouldStayUnderGitHubsLimitAndKeepTheRiskiestChanges()
    {
        var diff = Large.Value;

        var comment = DiffMarkdown.Render(diff);

        Assert.True(Encoding.UTF8.GetByteCount(comment) <= DiffMarkdown.DefaultMaxCharacters, $"{Encoding.UTF8.GetByteCount(comment)} bytes");
        Assert.True(comment.Length < DiffMarkdown.CommentLimit);
        Assert.Contains("The full diff does not fit in one comment", comment, StringComparison.Ordinal);
        Assert.Contains("`access-diff-report` artifact", comment, StringComparison.Ordinal);
        var lines = comment.Split('\n');
        var abbreviations = ActionAbbreviations.For(diff);
        var top = DiffRanking.Items(diff).Where(i => i.IsRisky).Take(DiffMarkdown.MaxRiskRows).ToList();
        Assert.Equal(DiffMarkdown.MaxRiskRows, top.Count);
        // The riskiest are production gains, and every one of the top N is in the comment, in its table.
        Assert.All(top, item => Assert.Contains(Risk.Production, item.Risks));
        foreach (var item in top)
        {
            var what = item.Kind switch
            {
                ReviewKind.Grant => $"`{item.Row!.Resource}` {abbreviations.Short(item.Row.Action)} |",
                ReviewKind.Network => $"| {item.Network!.Flow} |",
                _ => $"| {item.Trust!.Field}: ",
            };
            Assert.Contains(lines, l => l.StartsWith(item.Kind == ReviewKind.Trust ? "| ~ |" : "| + |", StringComparison.Ordinal)
                && l.Contains($"`{item.Subject}`", StringComparison.Ordinal) && l.Contains(what, StringComparison.Ordinal));
        }

        // Risk first, then existing identities, then new ones, then removals (folded).
        // (The synthetic change pauses or resumes whole pipelines, so no identity is changed in place here.)
        AssertInOrder(comment, "### Risk summary", "#### Riskiest changes", "> [!NOTE]", "### Access chain: prod", "### New identities");
        AssertInOrder(DiffMarkdown.Render(diff, DiffMarkdownOptions.Unbounded), "### Risk summary", "#### Riskiest changes", "### Access chain: prod", "### New identities", "### Network", "### Removals\n\n<details>");
        Assert.Contains(lines, l => l.StartsWith("| prod (production) | **+", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_WhenUnbounded_ShouldListEveryChangedIdentityOfTheLargeDiff()
    {
        var diff = Large.Value;

        var full = DiffMarkdown.Render(diff, DiffMarkdownOptions.Unbounded);

        Assert.True(full.Length > DiffMarkdown.CommentLimit, "the case must be too large for one comment");
        Assert.DoesNotContain("does not fit", full, StringComparison.Ordinal);
        foreach (var environment in diff.Environments)
        {
            Assert.All(environment.Identities, i => Assert.Contains($"#### {environment.Environment}: `{i.Identity}` (", full, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(4096)]
    [InlineData(20_000)]
    [InlineData(DiffMarkdown.DefaultMaxCharacters)]
    public void Render_WhenBounded_ShouldNeverExceedTheBound(int bound)
    {
        var comment = DiffMarkdown.Render(Large.Value, new DiffMarkdownOptions(bound, "https://github.com/o/r/actions/runs/1"));

        // The risk summary is always kept; beyond it, the bound holds.
        Assert.True(Encoding.UTF8.GetByteCount(comment) <= Math.Max(bound, HeadLength(comment)), $"{comment.Length} characters for a bound of {bound}");
        Assert.Contains("[job summary and the `access-diff-report` artifact](https://github.com/o/r/actions/runs/1)", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenAzureActionsAreLong_ShouldAbbreviateThemBehindALegendAndKeepRiskSecond()
    {
        const string Action = "Microsoft.ContainerRegistry/registries/repositories/content/write";
        var change = new RowChange(Change.Gained, "azure", "acrexampleprod", "repositories/payments/api", Action, "Azure role ci-acr-writer", [Risk.Production, Risk.Write]);
        var identity = new IdentityDiff("payments-api/build", IdentityStatus.Changed, "repo:o/r:environment:prod", [], [change]);
        var diff = new AccessDiff([new EnvironmentDiff("prod", Tier.Production, EnvironmentStatus.Changed, [], [], 1, 0, [identity], [], [], [])]);

        var comment = DiffMarkdown.Render(diff);

        Assert.DoesNotContain(Action, comment, StringComparison.Ordinal);
        Assert.Contains("Abbreviated actions: `[A1]` = `Microsoft.ContainerRegistry/registries/repositories`.", comment, StringComparison.Ordinal);
        Assert.Contains("| + | **production, write** | azure | acrexampleprod | `repositories/payments/api` | [A1]/content/write | Azure role ci-acr-writer |", comment, StringComparison.Ordinal);
        Assert.Contains("|\"+ [A1]/content/write [P,W]\"|", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Abbreviations_WhenComputed_ShouldBeDeterministicAndKeepShortActionsWhole()
    {
        RowChange Row(string action) => new(Change.Gained, "azure", "acr", "repositories/a", action, "Azure role r", []);
        var diff = new AccessDiff([new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], [], 3, 0,
            [new IdentityDiff("p/s", IdentityStatus.Changed, "s", [], [
                Row("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"),
                Row("Microsoft.ContainerRegistry/registries/repositories/content/read"),
                Row("Microsoft.Short/x/read")])], [], [], [])]);

        var abbreviations = ActionAbbreviations.For(diff);

        Assert.Equal(
            [("A1", "Microsoft.ContainerRegistry/registries/repositories"), ("A2", "Microsoft.Storage/storageAccounts/blobServices/containers")],
            abbreviations.Legend);
        Assert.Equal("[A2]/blobs/read", abbreviations.Short("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read"));
        Assert.Equal("Microsoft.Short/x/read", abbreviations.Short("Microsoft.Short/x/read"));
        Assert.Equal(abbreviations.Legend, ActionAbbreviations.For(diff).Legend);
    }

    [Fact]
    public void Diagram_WhenReadOnlyRemovalsOutnumberTheLimit_ShouldStillDrawTheRiskyGainFirst()
    {
        // 40 read-only losses of an identity sorted first, and one production write gained by one sorted last.
        var losses = Enumerable.Range(0, 40)
            .Select(i => new RowChange(Change.Lost, "kubernetes", "a-staging", $"core/configmaps:c{i:D2}", "get", $"Role a-staging/r{i:D2}", ImmutableArray<Risk>.Empty))
            .ToImmutableArray();
        var write = new RowChange(Change.Gained, "kubernetes", "z-staging", "apps/deployments:z", "patch", "Role z-staging/deploy", [Risk.Write]);
        var environment = new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], [], 1, 40,
            [new IdentityDiff("a/read", IdentityStatus.Changed, "repo:o/a:environment:staging", [], losses),
             new IdentityDiff("z/deploy", IdentityStatus.Changed, "repo:o/z:environment:staging", [], [write])], [], [], []);

        var edges = DiffChain.Edges(environment);
        var comment = DiffMarkdown.Render(new AccessDiff([environment]));

        Assert.True(edges[2].Risky);
        Assert.Equal("+ patch [W]", edges[2].Label);
        Assert.True(edges.ToList().FindLastIndex(e => e.Risky) < edges.ToList().FindIndex(e => e.Lost), "a risky edge is ranked after a read-only loss");
        Assert.Contains("-->|\"+ patch [W]\"|", comment, StringComparison.Ordinal);
        Assert.Contains("classDef gained ", comment, StringComparison.Ordinal);
        Assert.Contains("classDef lost ", comment, StringComparison.Ordinal);
        Assert.Contains("classDef risky ", comment, StringComparison.Ordinal);
        Assert.Contains("subgraph legend[\"Legend\"]", comment, StringComparison.Ordinal);
        Assert.Contains("linkStyle 2 stroke:#bf3989,stroke-width:3px", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagram_WhenTrustWidens_ShouldDrawTheSubjectEdgeAsRisky()
    {
        var environment = new EnvironmentDiff("prod", Tier.Production, EnvironmentStatus.Changed, [], [], 0, 0,
            [new IdentityDiff("p/deploy", IdentityStatus.Changed, "repo:o/p:environment:prod-approval",
                [new TrustChange("issuer", "https://token.actions.githubusercontent.com", "https://oidc.attacker.example", Widens: true)], [])], [], [], []);

        var edge = Assert.Single(DiffChain.Edges(environment));

        Assert.True(edge.Risky);
        Assert.Equal("trust widened: issuer", edge.Label);
        Assert.Equal("P,T", edge.Marks);
    }

    private static int HeadLength(string comment)
    {
        var end = comment.IndexOf("\n### Guardrail findings", StringComparison.Ordinal);
        var chain = comment.IndexOf("\n### Access chain", StringComparison.Ordinal);
        return Encoding.UTF8.GetByteCount(comment[..(end >= 0 ? end : chain >= 0 ? chain : comment.Length)]) + 800;
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = -1;
        foreach (var part in parts)
        {
            var next = text.IndexOf(part, at + 1, StringComparison.Ordinal);
            Assert.True(next > at, $"'{part}' is missing or out of order");
            at = next;
        }
    }

    private static DiffSide Side(CatalogOptions options)
    {
        var result = DefinitionLoader.Load(CatalogGenerator.Generate(options), options.Production ? "prod.yaml" : "staging.yaml");
        Assert.Empty(result.Errors);
        return DiffSide.Of(Planner.Build(result.Definition!), NoFindings, result.Definition!.Environment);
    }
}
