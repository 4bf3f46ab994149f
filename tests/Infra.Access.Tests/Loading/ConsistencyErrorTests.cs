using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>Rules across fields: namespaces, the runner namespace and production's approval gate.</summary>
public sealed class ConsistencyErrorTests
{
    private const string SecondPipeline =
        "  - name: api\n    team: api-team\n    repository: example-org/api\n    namespaces: [api-test, web-test]\n"
        + "    state: active\n    reviewBy: 2027-01-31\n    maintainers: [alice]\n    approvers: [bob]\n"
        + "    stages:\n      - name: verify\n        capabilities:\n          - read-status:\n              namespace: api-test\n";

    [Theory]
    [InlineData("              deployments: [web]", "              namespace: other-test\n              deployments: [web]", 37, 26, "pipelines[0].stages[0].capabilities[0].deploy.namespace", "'other-test' is not one of the pipeline's namespaces (web-test)")]
    [InlineData("    namespaces: [web-test]", "    namespaces: [web-test, web-jobs]", 37, 15, "pipelines[0].stages[0].capabilities[0].deploy.namespace", "is required: the pipeline has more than one namespace")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [10.0.0.0/28]\n    runnerNamespace: web-test", 26, 5, "pipelines[web].namespaces", "namespace 'web-test' is the CI runner namespace, not a deployment target")]
    [InlineData("  tier: non-production", "  tier: production", 11, 5, "environment.ci.approvalEnvironment", "is required in production")]
    [InlineData("    environment: test", "    environment: test\n    approvalEnvironment: test", 11, 5, "environment.ci.approvalEnvironment", "must differ from ci.environment")]
    [InlineData("    subjectTemplate: \"repo:{repository}:environment:{environment}\"", "    subjectTemplate: \"repo:{repository}:*\"", 13, 22, "environment.ci.subjectTemplate", "is not accepted: it holds a wildcard")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [10.0.0.1/28]", 9, 22, "environment.cluster.apiServerCidrs[0]", "is not a CIDR block")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [0.0.0.0/0]", 9, 22, "environment.cluster.apiServerCidrs[0]", "allows every address")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    immutableStorage: true", 22, 5, "environment.audit.storageAccount", "is required when immutableStorage is true")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    immutabilityPolicy: Unlocked", 22, 5, "environment.audit.immutabilityPolicy", "is only for immutableStorage: true")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    immutableStorage: true\n    storageAccount: staudit\n    lockBy: 2026-12-01", 22, 5, "environment.audit.lockBy", "is only for immutabilityPolicy: Unlocked")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    immutableStorage: true\n    storageAccount: staudit\n    immutabilityPolicy: Disabled", 25, 25, "environment.audit.immutabilityPolicy", "Locked")]
    [InlineData("      - name: deploy", "      - name: deploy\n        workflow: .github/workflows/deploy.yml", 35, 19, "pipelines[0].stages[0].workflow", "needs the pipeline's ref")]
    [InlineData("      - name: deploy", "      - name: deploy\n        workflow: deploy.yml", 35, 19, "pipelines[0].stages[0].workflow", "is not a workflow file such as .github/workflows/deploy.yml")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [010.0.0.0/28]", 9, 22, "environment.cluster.apiServerCidrs[0]", "four decimal octets")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [167772160/28]", 9, 22, "environment.cluster.apiServerCidrs[0]", "four decimal octets")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [10.0.0.0/28]\n    runnerNamespace: ci-runners\n    platformServices: [kube-system]", 11, 24, "environment.cluster.platformServices", "'kube-system' is a system namespace")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [10.0.0.0/28]\n    runnerNamespace: ci-runners\n    platformServices: [ci-runners]", 11, 24, "environment.cluster.platformServices", "is the CI runner namespace")]
    [InlineData("    apiServerCidrs: [10.0.0.0/28]", "    apiServerCidrs: [10.0.0.0/28]\n    runnerEgress:\n      - cidr: 10.1.0.10/32\n        ports: [3128]", 11, 7, "environment.cluster.runnerEgress", "needs runnerNamespace")]
    public void Load_WhenFieldsContradictEachOther_ShouldRefuseTheDefinition(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Fact]
    public void Load_WhenTwoPipelinesShareANamespace_ShouldNameTheOwner()
    {
        var result = Definitions.Load(Definitions.Minimal + SecondPipeline);

        Definitions.AssertError(result, 40, 5, "pipelines[api].namespaces", "namespace 'web-test' already belongs to pipeline 'web'");
    }

    [Fact]
    public void Load_WhenProductionHasAnApprovalEnvironment_ShouldLoad()
    {
        var text = Definitions.Patch(Definitions.Patch(Definitions.Patch("  tier: non-production", "  tier: production"), "    environment: test", "    environment: test\n    approvalEnvironment: test-approval"),
            "  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 15m");

        var result = Definitions.Load(text);

        Assert.Empty(result.Errors);
        Assert.True(result.Definition!.Environment.IsProduction);
    }

    [Theory]
    [InlineData("non-production", "24h", "1h")]
    [InlineData("non-production", "1h1s", "1h")]
    [InlineData("production", "16m", "15m")]
    [InlineData("production", "30m", "15m")]
    public void Load_WhenTokenTtlCeilingIsAboveTheTierMaximum_ShouldRefuseItWhereItIsWritten(string tier, string ceiling, string maximum)
    {
        var text = Definitions.Patch(Definitions.Patch(Definitions.Patch("  tier: non-production", "  tier: " + tier), "    environment: test", "    environment: test\n    approvalEnvironment: test-approval"),
            "  tokenTtlCeiling: 30m", "  tokenTtlCeiling: " + ceiling);

        Definitions.AssertError(Definitions.Load(text), 21, 20, "environment.tokenTtlCeiling", "largest ceiling of " + (tier == "production" ? "production" : "this tier") + ", " + maximum);
    }

    [Theory]
    [InlineData("non-production", "1h")]
    [InlineData("production", "15m")]
    public void Load_WhenTokenTtlCeilingIsAtTheTierMaximum_ShouldLoad(string tier, string ceiling)
    {
        var text = Definitions.Patch(Definitions.Patch(Definitions.Patch("  tier: non-production", "  tier: " + tier), "    environment: test", "    environment: test\n    approvalEnvironment: test-approval"),
            "  tokenTtlCeiling: 30m", "  tokenTtlCeiling: " + ceiling);

        Assert.Empty(Definitions.Load(text).Errors);
    }

    [Fact]
    public void Load_WhenTheOnlyNamespaceIsInvalid_ShouldReportItOnceAndNotBlameTheCapabilities()
    {
        var result = Definitions.Load(Definitions.Patch("    namespaces: [web-test]", "    namespaces: [Web]"));

        var error = Assert.Single(result.Errors);
        Assert.Equal("pipelines[0].namespaces[0]", error.Field);
    }
}
