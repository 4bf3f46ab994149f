using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// The lookups rules share: a plan entry's pipeline and stage identity, keyed once per context and
/// re-keyed when a <c>with</c> expression hands the context another definition or plan.
/// </summary>
public sealed class RuleContextTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static readonly SourceLocation Somewhere = new("prod.yaml", 1, 1);

    private static EnvironmentDefinition Base(string name) => RuleFixture.Base(name);

    private static RuleContext Context(EnvironmentDefinition definition) =>
        new(definition, Planner.Build(definition), [], RuleCatalog.Default, Today);

    [Theory]
    [InlineData("payments-api", "deploy", "payments-api")]
    [InlineData("payments-api", null, "payments-api")]
    [InlineData("no-such-pipeline", "deploy", null)]
    [InlineData(null, null, null)]
    public void PipelineOf_WhenOwnerVaries_ShouldFindThePipelineByName(string? pipeline, string? stage, string? expected)
    {
        var context = Context(Base("prod"));

        Assert.Equal(expected, context.PipelineOf(new Owner(pipeline, stage, Somewhere))?.Name);
    }

    [Theory]
    [InlineData("payments-api", "deploy", "payments-api/deploy")]
    [InlineData("search-indexer", "deploy", "search-indexer/deploy")]
    [InlineData("payments-api", "no-such-stage", null)]
    [InlineData("payments-api", null, null)]
    [InlineData(null, "deploy", null)]
    public void IdentityOf_WhenOwnerVaries_ShouldFindTheStageIdentity(string? pipeline, string? stage, string? expected)
    {
        var context = Context(Base("prod"));

        Assert.Equal(expected, context.IdentityOf(new Owner(pipeline, stage, Somewhere))?.Id);
    }

    [Fact]
    public void PipelineOf_WhenTheContextGetsAnotherDefinition_ShouldAnswerFromTheNewOne()
    {
        var prod = Base("prod");
        var context = Context(prod);
        var owner = new Owner("payments-api", "deploy", Somewhere);
        Assert.Equal("payments", context.PipelineOf(owner)!.Team);

        var renamed = prod with { Pipelines = [.. prod.Pipelines.Select(p => p.Name == "payments-api" ? p with { Team = "billing" } : p)] };
        var other = context with { Definition = renamed };

        Assert.Equal("billing", other.PipelineOf(owner)!.Team);
        Assert.Equal("payments", context.PipelineOf(owner)!.Team);
    }

    [Fact]
    public void IdentityOf_WhenTheContextGetsAnotherPlan_ShouldAnswerFromTheNewOne()
    {
        var context = Context(Base("prod"));
        var owner = new Owner("payments-api", "deploy", Somewhere);
        Assert.True(context.IdentityOf(owner)!.ApprovalGated);

        var plan = context.Plan with { Identities = [.. context.Plan.Identities.Select(i => i.Id == "payments-api/deploy" ? i with { ApprovalGated = false } : i)] };
        var other = context with { Plan = plan };

        Assert.False(other.IdentityOf(owner)!.ApprovalGated);
        Assert.True(context.IdentityOf(owner)!.ApprovalGated);
    }

    [Theory]
    [InlineData("prod", true)]
    [InlineData("staging", false)]
    public void IsProduction_WhenTierVaries_ShouldFollowTheDefinition(string name, bool expected)
    {
        var context = Context(Base(name));

        Assert.Equal(expected, context.IsProduction);
        Assert.Same(context.Definition.Environment, context.Environment);
    }

    [Fact]
    public void Lookups_WhenOwnerIsNull_ShouldThrowArgumentNull()
    {
        var context = Context(Base("prod"));

        Assert.Throws<ArgumentNullException>(() => context.PipelineOf(null!));
        Assert.Throws<ArgumentNullException>(() => context.IdentityOf(null!));
    }

    [Fact]
    public void Rules_WhenContextIsNull_ShouldThrowArgumentNull()
    {
        Assert.All(RuleCatalog.Default.Rules, rule => Assert.Throws<ArgumentNullException>(() => rule.Check(null!).ToList()));
    }
}
