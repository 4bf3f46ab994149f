using Infra.Access.Tests.Fixtures;
using Infra.Access.Usage;

namespace Infra.Access.Tests.Usage;

/// <summary>The anomaly catalog and its page: every kind documented under its ID and name, IDs unique.</summary>
public sealed class UsageDocsTests
{
    [Fact]
    public void AnomalyKinds_ShouldHaveUniqueIdsNamesAndAHeadingInDocsUsage()
    {
        var page = Definitions.Read("docs", "usage.md");

        Assert.Equal(AnomalyKind.All.Length, AnomalyKind.All.Select(k => k.Id).Distinct().Count());
        Assert.Equal(AnomalyKind.All.Length, AnomalyKind.All.Select(k => k.Name).Distinct().Count());
        Assert.All(AnomalyKind.All, k =>
        {
            Assert.Matches("^USE\\d{3}$", k.Id);
            Assert.Contains($"### {k.Id} `{k.Name}` ({(k.Severity == Infra.Access.Rules.Severity.Error ? "error" : "warning")})", page, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(k.Summary));
            Assert.False(string.IsNullOrWhiteSpace(k.Recommendation));
        });
    }
}
