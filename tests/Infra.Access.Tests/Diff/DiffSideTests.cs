using System.Collections.Immutable;
using Infra.Access.Admission;
using Infra.Access.Diff;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// What a side of the diff reads from a plan, one behaviour per test (issue 12: mutants of
/// <see cref="DiffSide"/> and <see cref="DiffRanking"/> that the golden and field tests left alive).
/// Each test changes one thing of the production stack's plan and looks for it in the diff.
/// </summary>
public sealed class DiffSideTests
{
    private static readonly Plan Prod = AccessDifferTests.StackPlan("prod");

    [Fact]
    public void Of_WhenGivenNothing_ShouldRefuseByName()
    {
        var report = new GuardrailReport([], [], []);

        Assert.Equal("findings", Assert.Throws<ArgumentNullException>(() => DiffSide.Of(Prod, (IReadOnlyList<Finding>)null!)).ParamName);
        Assert.Equal("report", Assert.Throws<ArgumentNullException>(() => DiffSide.Of(Prod, (GuardrailReport)null!)).ParamName);
        Assert.Equal("report", Assert.Throws<ArgumentNullException>(() => DiffSide.Of(Prod, null!, settings: null)).ParamName);
        Assert.Equal("report", Assert.Throws<ArgumentNullException>(() => DiffSide.OfDefinition(Prod, null!, null!)).ParamName);
        Assert.Equal("definition", Assert.Throws<ArgumentNullException>(() => DiffSide.OfDefinition(Prod, report, null!)).ParamName);
    }

    [Fact]
    public void DiffRanking_WhenGivenNothing_ShouldRefuseByName()
    {
        Assert.Equal("diff", Assert.Throws<ArgumentNullException>(() => DiffRanking.Items((AccessDiff)null!)).ParamName);
        Assert.Equal("environment", Assert.Throws<ArgumentNullException>(() => DiffRanking.Items((EnvironmentDiff)null!).ToList()).ParamName);
        Assert.Equal("item", Assert.Throws<ArgumentNullException>(() => DiffRanking.Text(null!)).ParamName);
    }

    [Fact]
    public void Compare_WhenAnAdmissionPolicyFailsOpen_ShouldShowTheFailurePolicyOnItsIdentity()
    {
        var change = AdmissionChange(p => p with { FailurePolicy = "Ignore" });

        Assert.True(change.Widens);
    }

    [Fact]
    public void Compare_WhenAnAdmissionPolicyStopsMatchingAnOperation_ShouldShowTheMatchRule()
    {
        var change = AdmissionChange(p => p with { MatchRules = [.. p.MatchRules.Select(m => m with { Operations = ["DELETE"] })] });

        Assert.True(change.Widens);
    }

    [Fact]
    public void Compare_WhenABindingOnlyWarns_ShouldShowTheBindingsActions()
    {
        var change = AdmissionChange(p => p with { Bindings = [.. p.Bindings.Select(b => b with { ValidationActions = ["Warn"] })] });

        Assert.True(change.Widens);
    }

    [Fact]
    public void Compare_WhenABindingReadsOtherParams_ShouldShowTheParamsObject()
    {
        var kind = AdmissionChange(p => p with { ParamKind = new AdmissionParamKind("batch/v1", "CronJob") });
        var binding = AdmissionChange(p => p with { Bindings = [.. p.Bindings.Select(b => b with { Param = new AdmissionParamRef("another-cronjob", "payments-prod") })] });

        Assert.True(kind.Widens);
        Assert.True(binding.Widens);
    }

    /// <summary>
    /// The production plan with one identity's first admission policy changed, and that identity's
    /// "admission policy" trust change: the change must reach the diff (the texts shown are cut, so
    /// the test asks only that it is there and widens).
    /// </summary>
    private static TrustChange AdmissionChange(Func<AdmissionPolicyDeclaration, AdmissionPolicyDeclaration> change)
    {
        var policy = Prod.Admission.Policies.First(p => p.Owner.Stage is not null && p.ParamKind is null && !p.Bindings.IsEmpty);
        var after = Prod with { Admission = new AdmissionPlan(Prod.Admission.Policies.Replace(policy, change(policy))) };

        var environment = AccessDiffer.Compare(DiffSide.Of(Prod, []), DiffSide.Of(after, []));

        var identity = Assert.Single(environment.Identities, i => i.Trust.Any(t => t.Field == "admission policy"));
        Assert.Equal(policy.Owner.Subject, identity.Identity);
        var trust = identity.Trust.Single(t => t.Field == "admission policy");
        Assert.NotEqual(trust.Before, trust.After);
        return trust;
    }
}
