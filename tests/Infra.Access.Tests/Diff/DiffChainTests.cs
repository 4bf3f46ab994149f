using Infra.Access.Definition;
using Infra.Access.Diff;
using static Infra.Access.Tests.Diff.DiffFixtures;

namespace Infra.Access.Tests.Diff;

/// <summary>The chain's edges without an abbreviation legend: long actions keep their last two segments.</summary>
public sealed class DiffChainTests
{
    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read", "+ blobs/read")]
    [InlineData("secrets/read", "+ secrets/read")]
    [InlineData("get", "+ get")]
    public void Edges_WhenNoAbbreviationsAreGiven_ShouldLabelAnActionWithItsLastTwoSegments(string action, string label)
    {
        var identity = Identity("payments-api/deploy", IdentityStatus.Changed, Row(Change.Gained, "ledger", action));

        var edges = DiffChain.Edges(Environment("staging", Tier.NonProduction, identity));

        ChainEdge[] expected =
            [
                new ChainEdge("repo:org/payments-api:environment:ci", "payments-api/deploy", "", Lost: false),
                new ChainEdge("payments-api/deploy", "Role payments/ci-deploy", "", Lost: false),
                new ChainEdge("Role payments/ci-deploy", "payments ledger", label, Lost: false),
            ];
        Assert.Equal(expected, edges);
    }
}
