using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>A value of the wrong YAML type (string, list, mapping, integer, boolean) is an error, never coerced.</summary>
public sealed class TypeErrorTests
{
    [Theory]
    [InlineData("    team: web-team", "    team: [web-team]", 26, 11, "pipelines[0].team", "expected a string, found a list")]
    [InlineData("    team: web-team", "    team: {name: web}", 26, 11, "pipelines[0].team", "expected a string, found a mapping")]
    [InlineData("    team: web-team", "    team: 404", 26, 11, "pipelines[0].team", "expected a string, found the number 404; quote it")]
    [InlineData("    team: web-team", "    team: true", 26, 11, "pipelines[0].team", "expected a string, found the boolean true; quote it")]
    [InlineData("    team: web-team", "    team:", 26, 10, "pipelines[0].team", "expected a string, found nothing (null)")]
    [InlineData("    maintainers: [alice]", "    maintainers: [1.5]", 31, 19, "pipelines[0].maintainers[0]", "expected a string, found the number 1.5")]
    [InlineData("    namespaces: [web-test]", "    namespaces: web-test", 28, 17, "pipelines[0].namespaces", "expected a list, found 'web-test'")]
    [InlineData("    namespaces: [web-test]", "    namespaces: {web: test}", 28, 17, "pipelines[0].namespaces", "expected a list, found a mapping")]
    [InlineData("    stages:\n      - name: deploy\n        capabilities:\n          - deploy:\n              deployments: [web]\n          - read-secret:\n              paths: [kv-test/data/web]\n", "    stages: deploy\n", 33, 13, "pipelines[0].stages", "expected a list, found 'deploy'")]
    [InlineData("  audit:\n    retentionDays: 30", "  audit: [30]", 21, 10, "environment.audit", "expected a mapping (audit), found a list")]
    [InlineData("  audit:\n    retentionDays: 30", "  audit: yearly", 21, 10, "environment.audit", "expected a mapping (audit), found 'yearly'")]
    [InlineData("    retentionDays: 30", "    retentionDays: thirty", 22, 20, "environment.audit.retentionDays", "expected a whole number, found 'thirty'")]
    [InlineData("    retentionDays: 30", "    retentionDays: \"30\"", 22, 20, "environment.audit.retentionDays", "expected a whole number, found '30'")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30.5", 22, 20, "environment.audit.retentionDays", "expected a whole number, found '30.5'")]
    [InlineData("    retentionDays: 30", "    retentionDays: 0", 22, 20, "environment.audit.retentionDays", "0 is outside 1..3650")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    immutableStorage: yes", 23, 23, "environment.audit.immutableStorage", "expected true or false, found 'yes'")]
    [InlineData("    retentionDays: 30", "    retentionDays: 30\n    immutableStorage: \"true\"", 23, 23, "environment.audit.immutableStorage", "expected true or false, found 'true'")]
    [InlineData("      - name: deploy\n", "      - name: deploy\n        approvalGated: 1\n", 35, 24, "pipelines[0].stages[0].approvalGated", "expected true or false, found '1'")]
    [InlineData("    state: active", "    state: running", 29, 12, "pipelines[0].state", "'running' is not one of: active, paused, decommissioned")]
    [InlineData("  tier: non-production", "  tier: prod", 4, 9, "environment.tier", "'prod' is not one of: production, non-production")]
    public void Load_WhenValueHasWrongType_ShouldSayWhatWasExpectedAndFound(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Theory]
    [InlineData("    team: web-team", "    team: \"404\"")]
    [InlineData("    team: web-team", "    team: 'true'")]
    [InlineData("    maintainers: [alice]", "    maintainers: [\"1234\"]")]
    public void Load_WhenNumberOrBooleanLikeTextIsQuoted_ShouldAcceptItAsText(string find, string replace)
    {
        var result = Definitions.Load(Definitions.Patch(find, replace));

        Assert.Empty(result.Errors);
    }
}
