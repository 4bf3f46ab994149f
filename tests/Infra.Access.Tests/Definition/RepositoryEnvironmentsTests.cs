using Infra.Access.Definition;
using Infra.Access.Tests.Rules;

namespace Infra.Access.Tests.Definition;

/// <summary>
/// Issue 11, class 2: which of the repository's environments a checked definition is compared with;
/// the CLI and the Pulumi gate both ask <see cref="RepositoryEnvironments.ComparedWith"/>.
/// </summary>
public sealed class RepositoryEnvironmentsTests
{
    [Fact]
    public void ComparedWith_WhenNothingStandsIn_ShouldKeepEveryEnvironment()
    {
        var prod = RuleFixture.Base("prod");
        var staging = RuleFixture.Base("staging");

        var compared = RepositoryEnvironments.ComparedWith([prod, staging], []);

        Assert.Equal(["prod", "staging"], compared.Select(d => d.Environment.Name));
    }

    [Fact]
    public void ComparedWith_WhenACandidateStandsInForProd_ShouldDropOnlyTheFileItReplaces()
    {
        var prod = RuleFixture.Base("prod");
        var staging = RuleFixture.Base("staging");
        var candidate = prod with { File = "/tmp/candidate/prod.yaml" };

        var compared = RepositoryEnvironments.ComparedWith([prod, staging], [candidate]);

        Assert.Equal(["staging"], compared.Select(d => d.Environment.Name));
    }

    [Fact]
    public void ComparedWith_WhenAStandInNamesAnotherEnvironment_ShouldReplaceNothing()
    {
        var prod = RuleFixture.Base("prod");
        var staging = RuleFixture.Base("staging");
        var renamed = staging with { Environment = staging.Environment with { Name = "staging-2" } };

        var compared = RepositoryEnvironments.ComparedWith([prod, staging], [renamed]);

        Assert.Equal(["prod", "staging"], compared.Select(d => d.Environment.Name));
    }
}
