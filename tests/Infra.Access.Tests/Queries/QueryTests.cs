using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Queries;
using Infra.Access.Tests.Diff;

namespace Infra.Access.Tests.Queries;

/// <summary>Answers checked against stacks/staging.yaml and stacks/prod.yaml read by hand.</summary>
public sealed class QueryTests
{
    private static readonly Plan[] Plans = [AccessDifferTests.StackPlan("staging"), AccessDifferTests.StackPlan("prod")];

    [Theory]
    // deploy names payments-api; nobody else acts in payments-staging with patch.
    [InlineData("patch", "deployments/payments-api", "payments-staging", "staging", "payments-api/deploy")]
    // restart (configure stage) and deploy both patch orders-worker; asked without a name, both answer.
    [InlineData("patch", "deployments", "orders-staging", "staging", "orders-worker/configure orders-worker/deploy")]
    [InlineData("patch", "deployments.apps/orders-worker", null, "staging", "orders-worker/configure orders-worker/deploy")]
    // read-logs is granted to the verify stages; in prod only ledger-migrations/verify keeps it.
    [InlineData("get", "pods/log", null, "staging", "ledger-migrations/verify payments-api/verify")]
    [InlineData("get", "pods/log", null, "prod", "ledger-migrations/verify")]
    // scale is a subresource: only orders-worker/deploy has it.
    [InlineData("update", "deployments/scale/orders-worker", null, null, "orders-worker/deploy orders-worker/deploy")]
    [InlineData("create", "jobs", "ledger-staging", null, "ledger-migrations/migrate")]
    [InlineData("read", "kv-staging/data/payments/api", null, null, "payments-api/deploy secret-rotation/rotate")]
    [InlineData("update", "kv-prod/data/ledger/migrator", null, null, "secret-rotation/rotate")]
    [InlineData("Microsoft.ContainerRegistry/registries/repositories/content/write", "repositories/payments/api", null, "staging", "payments-api/build")]
    // search-indexer is paused: it can do nothing.
    [InlineData("patch", "deployments/search-indexer", null, null, "")]
    // write stands for every writing action (WriteAccess): deploy's patch and update, rotation's create and update, the build's two registry writes.
    [InlineData("write", "deployments/payments-api", "payments-staging", "staging", "payments-api/deploy payments-api/deploy")]
    [InlineData("write", "kv-staging/data/payments/api", null, null, "secret-rotation/rotate secret-rotation/rotate")]
    [InlineData("write", "repositories/payments/api", null, "staging", "payments-api/build payments-api/build")]
    // Minting a token on the stage's own creds path is not a write; the verify stage only reads.
    [InlineData("update", "kubernetes-aks-staging/creds/ci-payments-api-deploy", null, null, "payments-api/deploy")]
    [InlineData("write", "kubernetes-aks-staging/creds/ci-payments-api-deploy", null, null, "")]
    [InlineData("write", "pods/log", null, null, "")]
    // A namespace narrows to Kubernetes: Vault paths have none.
    [InlineData("read", "kv-staging/data/payments/api", "payments-staging", null, "")]
    public void Ask_WhenQueried_ShouldListTheHandComputedIdentities(string verb, string resource, string? ns, string? env, string expected)
    {
        var answers = WhoCan.Ask(Plans, new WhoCanQuery(verb, resource, ns, env));

        Assert.Equal(expected, string.Join(" ", answers.Select(a => a.Identity)));
    }

    [Fact]
    public void Text_WhenAskedWhoCanWrite_ShouldNameEachAction()
    {
        var query = new WhoCanQuery(WhoCanQuery.AnyWrite, "deployments/payments-api", null, "prod");

        var text = WhoCan.Text(query, WhoCan.Ask(Plans, query));

        Assert.Contains("apps/deployments:payments-api patch via Role", text, StringComparison.Ordinal);
        Assert.Contains("apps/deployments:payments-api update via Role", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Ask_WhenAnswered_ShouldNameTheGrantingRoleAndSubject()
    {
        var answer = Assert.Single(WhoCan.Ask(Plans, new WhoCanQuery("patch", "deployments/payments-api", null, "prod")));

        Assert.Equal("Role payments-prod/ci-payments-api-deploy", answer.GrantedBy);
        Assert.Equal("repo:example-org/payments-api:environment:prod-approval", answer.CiSubject);
        Assert.Equal("apps/deployments:payments-api", answer.Resource);
    }

    [Fact]
    public void Describe_WhenProductionDeployStageIsExplained_ShouldShowApprovalGateAndGrants()
    {
        var explanation = Assert.Single(Explain.Describe(Plans, "payments-api/deploy", "prod"));

        Assert.True(explanation.ApprovalGated);
        Assert.Equal("prod-approval", explanation.CiEnvironment);
        Assert.Equal("15m", explanation.TokenTtl);
        // deploy (unnamed list/watch, named get/patch/update), configure, the creds path, the kv secret.
        Assert.Equal(
            [
                "kubernetes payments-prod apps/deployments: list, watch",
                "kubernetes payments-prod apps/deployments:payments-api: get, patch, update",
                "kubernetes payments-prod core/configmaps:payments-api-config: get, patch, update",
                "vault kubernetes-aks-prod kubernetes-aks-prod/creds/ci-payments-api-deploy: update",
                "vault kv-prod kv-prod/data/payments/api: read",
            ],
            explanation.Grants.Select(g => $"{g.System} {g.Scope} {g.Resource}: {string.Join(", ", g.Actions)}"));
        Assert.Contains(explanation.Chain, step => step.StartsWith("Vault: auth/jwt-ci-prod/role/ci-payments-api-deploy accepts subject repo:example-org/payments-api:environment:prod-approval", StringComparison.Ordinal));
        Assert.Contains(explanation.Chain, step => step == "Kubernetes: RoleBinding payments-prod/ci-payments-api-deploy binds it to Role payments-prod/ci-payments-api-deploy");
    }

    [Fact]
    public void Describe_WhenPipelineIsPaused_ShouldHoldNoGrants()
    {
        var explanations = Explain.Describe(Plans, "search-indexer/deploy");

        Assert.Equal(["prod", "staging"], explanations.Select(e => e.Environment));
        Assert.All(explanations, e => Assert.Equal(PipelineState.Paused, e.State));
        Assert.All(explanations, e => Assert.Empty(e.Grants));
        Assert.Contains("holds no grants", Explain.Text(explanations), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_WhenIdentityIsUnknown_ShouldReturnNothing()
    {
        Assert.Empty(Explain.Describe(Plans, "nobody/nothing"));
    }

    [Fact]
    public void ToOutput_WhenStagingIsSummarized_ShouldListLiveIdentitiesWithSortedLines()
    {
        var summary = AccessMatrixSummary.ToOutput(Plans[0]);

        Assert.Equal(
            ["deployer", "ledger-migrations/migrate", "ledger-migrations/verify", "orders-worker/build", "orders-worker/configure", "orders-worker/deploy",
             "payments-api/build", "payments-api/deploy", "payments-api/verify", "secret-rotation/rotate"],
            summary.Keys);
        Assert.Equal(
            ["vault kv-staging kv-staging/data/ledger/migrator create", "vault kv-staging kv-staging/data/ledger/migrator read",
             "vault kv-staging kv-staging/data/ledger/migrator update", "vault kv-staging kv-staging/data/payments/api create",
             "vault kv-staging kv-staging/data/payments/api read", "vault kv-staging kv-staging/data/payments/api update"],
            summary["secret-rotation/rotate"].AsEnumerable());
        Assert.Equal(AccessMatrix.Build(Plans[0]).Length, summary.Values.Sum(v => v.Length));
    }
}
