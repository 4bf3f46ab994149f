using Infra.Access.Definition;
using Infra.Access.Diff;
using static Infra.Access.Tests.Diff.DiffFixtures;

namespace Infra.Access.Tests.Diff;

/// <summary>The flags the workflow and the comment branch on: findings changed, production access grows.</summary>
public sealed class EnvironmentDiffFlagsTests
{
    [Fact]
    public void FindingsChanged_WhenOnlyAFindingIsIntroduced_ShouldBeTrueForTheEnvironmentAndTheDiff()
    {
        var changed = Environment("staging", Tier.NonProduction) with { FindingsIntroduced = [Finding("grants get on secrets")] };
        var unchanged = Environment("dev", Tier.NonProduction);

        Assert.True(changed.FindingsChanged);
        Assert.False(unchanged.FindingsChanged);
        Assert.True(DiffOf(changed, unchanged).FindingsChanged);
        Assert.False(DiffOf(unchanged).FindingsChanged);
        Assert.False(DiffOf().FindingsChanged);
    }

    [Fact]
    public void ProductionAccessGrows_WhenAProductionIdentityOnlyLosesAGrantAndItsTrustIsUntouched_ShouldBeFalse()
    {
        var identity = Identity("payments-api/deploy", IdentityStatus.Changed, Row(Change.Lost, "pods", "get", Risk.Production));
        var prod = Environment("prod", Tier.Production, identity);

        Assert.True(prod.AccessChanged);
        Assert.False(prod.ProductionAccessGrows);
        Assert.False(DiffOf(prod).ProductionAccessGrows);
    }
}
