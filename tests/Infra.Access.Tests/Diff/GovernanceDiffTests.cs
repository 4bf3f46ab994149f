using System.Collections.Immutable;
using Infra.Access.Diff;
using Infra.Access.Governance;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// Issue 15: GitHub governance changes (reviewers, self-review, deployment refs, wait timer, workflow
/// owners) are trust changes of every identity they protect; in production, widening is growth (exit 3).
/// </summary>
public sealed class GovernanceDiffTests
{
    private static readonly string Prod = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));

    private const string PaymentsPeople = "    maintainers: [alice-payments, bob-payments]\n    approvers: [carol-release]";

    [Theory]
    [InlineData(PaymentsPeople, "    maintainers: [alice-payments, bob-payments]\n    approvers: [carol-release, mallory-release]", "approval reviewers")]
    [InlineData(PaymentsPeople, "    maintainers: [alice-payments, bob-payments]\n    approvers: ['@example-org/release-leads']", "approval reviewers")]
    [InlineData(PaymentsPeople, "    maintainers: [alice-payments, bob-payments, mallory-dev]\n    approvers: [carol-release]", "workflow owners")]
    [InlineData("    repository: example-org/payments-api\n    ref: refs/heads/main", "    repository: example-org/payments-api\n    ref: refs/heads/release", "deployment refs")]
    public void Compare_WhenProductionGovernanceWidens_ShouldReportGrowth(string from, string to, string field)
    {
        var environment = Compare(Prod, Prod.Replace(from, to, StringComparison.Ordinal));

        Assert.Contains(environment.Identities, i => i.Trust.Any(t => t.Field == field && t.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData("    maintainers: [alice-payments, bob-payments]\n    approvers: [carol-release, dan-release]", PaymentsPeople, "approval reviewers")]
    [InlineData(PaymentsPeople, "    maintainers: [alice-payments]\n    approvers: [carol-release]", "workflow owners")]
    public void Compare_WhenProductionGovernanceNarrows_ShouldReportAChangeButNoGrowth(string from, string to, string field)
    {
        var environment = Compare(Prod.Replace(PaymentsPeople, from, StringComparison.Ordinal), Prod.Replace(PaymentsPeople, to, StringComparison.Ordinal));

        var change = environment.Identities.SelectMany(i => i.Trust).First(t => t.Field == field);
        Assert.False(change.Widens);
        Assert.True(environment.AccessChanged);
        Assert.False(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAReviewerIsAdded_ShouldNameBeforeAndAfterOnEveryIdentityOfTheRepository()
    {
        var environment = Compare(Prod, Prod.Replace(PaymentsPeople, "    maintainers: [alice-payments, bob-payments]\n    approvers: [carol-release, Mallory-Release]", StringComparison.Ordinal));

        // build and deploy write, so they run in prod-approval; verify runs in prod, which has no reviewers.
        Assert.Equal(["payments-api/build", "payments-api/deploy"], environment.Identities.Select(i => i.Identity));
        var change = Assert.Single(environment.Identities[1].Trust);
        Assert.Equal(("approval reviewers", "carol-release", "carol-release, mallory-release", true), (change.Field, change.Before, change.After, change.Widens));
    }

    [Fact]
    public void Compare_WhenTheLastReviewerGoes_ShouldWiden()
    {
        var before = Plan(Prod);
        var after = Edit(before, "example-org/payments-api", e => e.Name == "prod-approval" ? e with { Reviewers = [] } : e);

        var environment = AccessDiffer.Compare(before, after, [], []);

        Assert.All(environment.Identities, i => Assert.Contains(i.Trust, t => t.Field == "approval reviewers" && t.After == "none" && t.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenSelfReviewIsAllowed_ShouldWiden()
    {
        var before = Plan(Prod);
        var after = Edit(before, "example-org/orders-worker", e => e with { PreventSelfReview = false });

        var environment = AccessDiffer.Compare(before, after, [], []);

        var change = environment.Identities.SelectMany(i => i.Trust).First(t => t.Field == "self review");
        Assert.Equal(("prevented", "allowed", true), (change.Before, change.After, change.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData(true, false, "every protected branch")]
    [InlineData(false, true, "every branch and tag")]
    public void Compare_WhenTheBranchPolicyOpens_ShouldWiden(bool protectedBranches, bool anyRef, string after)
    {
        var before = Plan(Prod);
        var opened = Edit(before, "example-org/ledger", e => e with { Refs = new DeploymentRefs(protectedBranches && !anyRef, []) });

        var environment = AccessDiffer.Compare(before, opened, [], []);

        var change = environment.Identities.SelectMany(i => i.Trust).First(t => t.Field == "deployment refs");
        Assert.Equal(("branch main", after, true), (change.Before, change.After, change.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenCodeOwnershipOfTheWorkflowIsLost_ShouldWiden()
    {
        var before = Plan(Prod);
        var after = before with
        {
            Governance = new GovernancePlan([.. before.Governance.Repositories.Select(r => r.Repository != "example-org/secret-rotation" ? r : r with { CodeOwners = [] })]),
        };

        var environment = AccessDiffer.Compare(before, after, [], []);

        var identity = Assert.Single(environment.Identities);
        Assert.Equal("secret-rotation/rotate", identity.Identity);
        var change = Assert.Single(identity.Trust);
        Assert.Equal(("workflow owners", "frank-security", "none", true), (change.Field, change.Before, change.After, change.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenTheWaitTimerGrowsOrGoes_ShouldWidenOnlyWhenItShortens()
    {
        var longer = Prod.Replace("approvalWaitTimer: 5m ", "approvalWaitTimer: 30m ", StringComparison.Ordinal);
        var none = Prod.Replace("    approvalWaitTimer: 5m ", "    # approvalWaitTimer: 5m ", StringComparison.Ordinal);

        var grown = Compare(Prod, longer);
        var removed = Compare(Prod, none);

        Assert.Contains(grown.Identities.SelectMany(i => i.Trust), t => t is { Field: "wait timer", Before: "5m", After: "30m", Widens: false });
        Assert.False(grown.ProductionAccessGrows);
        Assert.Contains(removed.Identities.SelectMany(i => i.Trust), t => t is { Field: "wait timer", Before: "5m", After: "0m", Widens: true });
        Assert.True(removed.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenStagingGovernanceWidens_ShouldChangeAccessButNotGrowProduction()
    {
        var staging = File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"));
        // Staging's stages run in the plain environment (no stage is gated there): the workflow's owners are what they depend on.
        var environment = Compare(staging, staging.Replace("maintainers: [alice-payments, bob-payments]", "maintainers: [alice-payments, bob-payments, mallory-dev]", StringComparison.Ordinal));

        Assert.True(environment.AccessChanged);
        Assert.Contains(environment.Identities.SelectMany(i => i.Trust), t => t.Field == "workflow owners" && t.Widens);
        Assert.False(environment.ProductionAccessGrows);
    }

    private static EnvironmentDiff Compare(string baseText, string headText)
    {
        Assert.NotEqual(baseText, headText);
        return AccessDiffer.Compare(Plan(baseText), Plan(headText), [], []);
    }

    private static Plan Plan(string text)
    {
        var result = DefinitionLoader.Load(text, "stacks/prod.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Planner.Build(result.Definition!);
    }

    private static Plan Edit(Plan plan, string repository, Func<GitHubEnvironment, GitHubEnvironment> change) => plan with
    {
        Governance = new GovernancePlan([.. plan.Governance.Repositories.Select(r => r.Repository != repository ? r : r with
        {
            Environments = [.. r.Environments.Select(change)],
        })]),
    };
}
