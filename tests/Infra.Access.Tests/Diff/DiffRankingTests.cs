using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// How the comment, its summary and its picture weigh one change against another (issue 12: risk
/// first). Each weight is asserted on its own, so a changed or dropped weight fails by name.
/// </summary>
public sealed class DiffRankingTests
{
    [Theory]
    [InlineData(ReviewKind.Grant, false, new Risk[0], 0)]
    [InlineData(ReviewKind.Grant, true, new Risk[0], 1000)]
    [InlineData(ReviewKind.Grant, false, new[] { Risk.Production }, 200)]
    [InlineData(ReviewKind.Grant, false, new[] { Risk.Credential }, 60)]
    [InlineData(ReviewKind.Grant, false, new[] { Risk.Secret }, 50)]
    [InlineData(ReviewKind.Trust, false, new Risk[0], 45)]
    [InlineData(ReviewKind.Grant, false, new[] { Risk.Write }, 40)]
    [InlineData(ReviewKind.Network, false, new Risk[0], 30)]
    [InlineData(ReviewKind.Grant, false, new[] { Risk.NewIdentity }, 1)]
    [InlineData(ReviewKind.Grant, true, new[] { Risk.Production, Risk.Credential, Risk.Secret, Risk.Write, Risk.NewIdentity }, 1351)]
    public void Score_WhenOneThingMakesAChangeRisky_ShouldAddExactlyItsWeight(ReviewKind kind, bool grows, Risk[] risks, int expected)
    {
        var item = new ReviewItem("prod", Tier.Production, kind, "payments-api/deploy", grows, [.. risks]);

        Assert.Equal(expected, item.Score);
    }

    [Fact]
    public void Items_WhenTwoEnvironmentsHaveTheSameChanges_ShouldListTheEarlierEnvironmentFirst()
    {
        var staging = AccessDifferTests.StackPlan("staging");
        var qa = staging with { Environment = "qa" };
        var diff = AccessDiffer.Compare([
            AccessDiffer.Compare(DiffSide.Of(null, []), DiffSide.Of(staging, [])),
            AccessDiffer.Compare(DiffSide.Of(null, []), DiffSide.Of(qa, [])),
        ]);

        var items = DiffRanking.Items(diff);

        // Equal scores: the environment decides, then kind, subject and text.
        var top = items.TakeWhile(i => i.Score == items[0].Score).ToList();
        Assert.Contains(top, i => i.Environment == "staging");
        Assert.Equal("qa", top[0].Environment);
        Assert.Equal(top.OrderBy(i => i.Environment, StringComparer.Ordinal).ThenBy(i => i.Kind).ThenBy(i => i.Subject, StringComparer.Ordinal).ThenBy(DiffRanking.Text, StringComparer.Ordinal), top);
    }

    [Fact]
    public void Text_WhenEachKindIsShown_ShouldNameWhatChanged()
    {
        var trust = new ReviewItem("prod", Tier.Production, ReviewKind.Trust, "a/deploy", true, [], Trust: new TrustChange("token lifetime", "10m", "1h", true));
        var network = new ReviewItem("prod", Tier.Production, ReviewKind.Network, "payments-prod", true, [], Network: new NetworkChange(Change.Gained, "payments", "payments-prod", "egress to 10.0.0.0/8 any port", true));
        var grant = new ReviewItem("prod", Tier.Production, ReviewKind.Grant, "a/deploy", true, [], Row: new RowChange(Change.Gained, "vault", "kv-prod", "kv-prod/data/a", "read", "Vault policy a", []));

        Assert.Equal("token lifetime: 10m -> 1h", DiffRanking.Text(trust));
        Assert.Equal("egress to 10.0.0.0/8 any port", DiffRanking.Text(network));
        Assert.Equal("vault kv-prod kv-prod/data/a read", DiffRanking.Text(grant));
    }

    [Theory]
    [InlineData(Tier.NonProduction, false, new Risk[0])]
    [InlineData(Tier.Production, false, new[] { Risk.Production })]
    [InlineData(Tier.NonProduction, true, new[] { Risk.Production, Risk.ProductionReach })]
    public void Items_WhenAnEndpointMoves_ShouldListItAsAnEnvironmentTrustChangeWithItsReach(Tier tier, bool ontoProduction, Risk[] risks)
    {
        var moved = new TrustChange("cluster api server", "https://aks-staging", "https://aks-prod", true);
        var environment = new EnvironmentDiff("staging", tier, EnvironmentStatus.Changed, [], [], 0, 0, [], [], [], [])
        {
            Endpoints = [moved],
            EndpointsReachProduction = ontoProduction,
        };

        var item = Assert.Single(DiffRanking.Items(environment));

        Assert.Equal((ReviewKind.Trust, "environment", true, moved), (item.Kind, item.Subject, item.Grows, item.Trust));
        Assert.Equal(risks, item.Risks.AsEnumerable());
    }

    [Fact]
    public void Items_WhenChangesTieOnEverythingButTheirText_ShouldListThemByText()
    {
        RowChange Row(string resource) => new(Change.Gained, "kubernetes", "payments", resource, "get", "read-config", []);
        var identity = new IdentityDiff("a/deploy", IdentityStatus.Changed, "repo:x", [], [Row("configmaps/b"), Row("configmaps/c"), Row("configmaps/a")]);
        var environment = new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], [], 3, 0, [identity], [], [], []);

        var items = DiffRanking.Items(new AccessDiff([environment]));

        Assert.Equal(["configmaps/a", "configmaps/b", "configmaps/c"], items.Select(i => i.Row!.Resource));
    }
}
