using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>Unknown, missing and duplicate keys: each names the key, its place and its field path.</summary>
public sealed class KeyErrorTests
{
    [Theory]
    [InlineData("    team: web-team", "    teams: web-team", 26, 5, "pipelines[0].teams", "unknown key in pipeline; did you mean 'team'?")]
    [InlineData("  tokenTtlCeiling: 30m", "  tokenTTLCeiling: 30m", 20, 3, "environment.tokenTTLCeiling", "unknown key in environment; did you mean 'tokenTtlCeiling'?")]
    [InlineData("pipelines:", "pipeline:", 24, 1, "pipeline", "unknown key in definition; did you mean 'pipelines'?")]
    [InlineData("              deployments: [web]", "              deployment: [web]", 37, 15, "pipelines[0].stages[0].capabilities[0].deploy.deployment", "did you mean 'deployments'?")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    owner: alice", 23, 5, "environment.audit.owner", "unknown key in audit (allowed: retentionDays, immutableStorage,")]
    public void Load_WhenKeyIsUnknown_ShouldNameKeyAndSuggestTheNearestOne(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Theory]
    [InlineData("    team: web-team\n", "", 25, 5, "pipelines[0].team", "required key is missing from pipeline")]
    [InlineData("  tokenTtlCeiling: 30m\n", "", 3, 3, "environment.tokenTtlCeiling", "required key is missing from environment")]
    [InlineData("    environment: test\n", "", 11, 5, "environment.ci.environment", "required key is missing from ci")]
    [InlineData("              deployments: [web]", "              namespace: web-test", 37, 15, "pipelines[0].stages[0].capabilities[0].deploy.deployments", "required key is missing from deploy")]
    [InlineData("    stages:\n      - name: deploy\n", "    stages:\n      - tokenTtl: 5m\n", 34, 9, "pipelines[0].stages[0].name", "required key is missing from stage")]
    public void Load_WhenRequiredKeyIsMissing_ShouldPointAtTheMappingThatLacksIt(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Theory]
    [InlineData("    team: web-team", "    team: web-team\n    team: other-team", 27, 5, "duplicate key 'team' (first at line 26)")]
    [InlineData("  tier: non-production", "  tier: non-production\n  tier: production", 5, 3, "duplicate key 'tier' (first at line 4)")]
    [InlineData("              deployments: [web]", "              deployments: [web]\n              deployments: [api]", 38, 15, "duplicate key 'deployments' (first at line 37)")]
    public void Load_WhenYamlKeyIsDuplicated_ShouldRefuseTheSecondOne(string find, string replace, int line, int column, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, "", fragment);
}
