using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Planning;

/// <summary>
/// Issue 11, class 11: an overdue review suspends, it does not block. secret-rotation's reviewBy in
/// the production base definition is 2027-01-15.
/// </summary>
public sealed class ReviewSuspensionTests
{
    private static readonly DateOnly ReviewBy = new(2027, 1, 15);
    private static readonly DateOnly DayAfter = new(2027, 1, 16);

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Build_WhenReviewIsOverdue_ShouldPlanThePipelineAsSuspendedWithNoGrants(string environment)
    {
        var plan = Planner.Build(Base(environment), DayAfter);

        var identity = Assert.Single(plan.Identities, i => i.Pipeline == "secret-rotation");
        Assert.Equal(PipelineState.Suspended, identity.State);
        Assert.False(identity.IsActive);
        Assert.DoesNotContain(plan.Kubernetes.RoleBindings, b => b.Owner.Pipeline == "secret-rotation");
        Assert.DoesNotContain(plan.Vault.JwtRoles, r => r.Owner.Pipeline == "secret-rotation");
        Assert.DoesNotContain(plan.Vault.KubernetesSecretRoles, r => r.Owner.Pipeline == "secret-rotation");
        Assert.DoesNotContain(plan.Azure.FederatedCredentials, c => c.Owner.Pipeline == "secret-rotation");
        Assert.DoesNotContain(plan.Azure.RoleAssignments, a => a.Owner.Pipeline == "secret-rotation");
        // Revocation removes grants, not isolation: the namespace keeps its default deny.
        Assert.Contains(plan.Kubernetes.NetworkPolicies, p => p.Owner.Pipeline == "secret-rotation" && p.Name == "default-deny");
    }

    [Fact]
    public void Build_WhenReviewIsDueToday_ShouldKeepThePipelineActive()
    {
        var plan = Planner.Build(Base("prod"), ReviewBy);

        Assert.Equal(PipelineState.Active, Assert.Single(plan.Identities, i => i.Pipeline == "secret-rotation").State);
        Assert.Contains(plan.Vault.JwtRoles, r => r.Owner.Pipeline == "secret-rotation");
    }

    [Fact]
    public void Build_WhenNoDateIsGiven_ShouldPlanTheDeclaredStates()
    {
        var definition = Base("prod");

        Assert.Equal(Planner.Build(definition, null), Planner.Build(definition), PlanComparer.Instance);
        Assert.Equal(PipelineState.Active, Assert.Single(Planner.Build(definition).Identities, i => i.Pipeline == "secret-rotation").State);
    }

    [Fact]
    public void Check_WhenProductionReviewIsOverdue_ShouldWarnAndNotBlockTheEnvironment()
    {
        var report = Guardrails.Check([Base("prod")], DayAfter);

        Assert.False(report.HasErrors, string.Join("\n", report.Findings));
        var finding = Assert.Single(report.Findings, f => f.RuleId == "LCY002");
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.Contains("suspended: review overdue", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenAPlanKeepsAnOverduePipelinesGrants_ShouldReportThemAsLCY001()
    {
        var definition = Base("prod");

        // A caller that planned without the date: the rules judge on theirs and refuse the leak.
        var report = Guardrails.Check([definition], [Planner.Build(definition)], DayAfter);

        Assert.Contains(report.Findings, f => f.RuleId == "LCY001" && f.Subject == "secret-rotation/rotate" && f.Message.Contains("suspended (review overdue)", StringComparison.Ordinal));
        Assert.True(report.HasErrors);
    }

    [Fact]
    public void Diff_WhenReviewBecomesOverdue_ShouldShowTheSuspensionAsLostAccessOnly()
    {
        var definition = Base("prod");

        var diff = AccessDiffer.Compare(Planner.Build(definition, ReviewBy), Planner.Build(definition, DayAfter), [], []);

        var identity = Assert.Single(Diff.AccessDifferTests.StageIdentities(diff));
        Assert.Equal("secret-rotation/rotate", identity.Identity);
        Assert.All(diff.Identities.SelectMany(i => i.Changes), c => Assert.Equal(Change.Lost, c.Change));
        Assert.True(identity.Lost > 0);
        Assert.Equal(0, identity.Gained);
        Assert.False(diff.ProductionAccessGrows);
    }

    private static EnvironmentDefinition Base(string environment)
    {
        var text = Definitions.Read("tests", "Infra.Access.Tests", "Fixtures", "Rules", "_base", environment + ".yaml");
        var result = DefinitionLoader.Load(text, environment + ".yaml");
        Assert.True(result.Definition is not null, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    /// <summary>Plans hold immutable arrays, which compare by reference: compared through their JSON.</summary>
    private sealed class PlanComparer : IEqualityComparer<Plan>
    {
        public static PlanComparer Instance { get; } = new();

        public bool Equals(Plan? x, Plan? y) => Infra.Access.Rendering.Json.Serialize(x) == Infra.Access.Rendering.Json.Serialize(y);

        public int GetHashCode(Plan obj) => 0;
    }
}
