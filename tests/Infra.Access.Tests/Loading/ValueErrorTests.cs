using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>Durations, dates, Vault paths and capabilities: malformed values are errors with their field path.</summary>
public sealed class ValueErrorTests
{
    private const string ReadSecretPaths = "pipelines[0].stages[0].capabilities[1].read-secret.paths";

    [Theory]
    [InlineData("  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 30 minutes", 20, 20, "environment.tokenTtlCeiling", "'30 minutes' is not a duration such as 90s, 15m or 1h30m")]
    [InlineData("  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 1d", 20, 20, "environment.tokenTtlCeiling", "'1d' is not a duration")]
    [InlineData("  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 30m1h", 20, 20, "environment.tokenTtlCeiling", "'30m1h' is not a duration")]
    [InlineData("  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 0s", 20, 20, "environment.tokenTtlCeiling", "'0s' is not a duration such as 90s, 15m or 1h30m, and not zero")]
    [InlineData("  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 99999999h", 20, 20, "environment.tokenTtlCeiling", "'99999999h' is not a duration")]
    [InlineData("      - name: deploy\n", "      - name: deploy\n        tokenTtl: -5m\n", 35, 19, "pipelines[0].stages[0].tokenTtl", "'-5m' is not a duration")]
    public void Load_WhenDurationIsMalformed_ShouldRefuseIt(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Theory]
    [InlineData("2027-13-01")]
    [InlineData("2027-02-30")]
    [InlineData("31.01.2027")]
    [InlineData("2027-1-31")]
    [InlineData("\"\"")]
    public void Load_WhenReviewDateIsNotACalendarDate_ShouldRefuseIt(string date)
    {
        var result = Definitions.Load(Definitions.Patch("    reviewBy: 2027-01-31", "    reviewBy: " + date));

        Definitions.AssertError(result, 30, 15, "pipelines[0].reviewBy", "is not a date written as YYYY-MM-DD");
    }

    [Theory]
    [InlineData("kv-test/data/*", "holds a glob ('*' or '+')")]
    [InlineData("kv-test/data/+/web", "holds a glob ('*' or '+')")]
    [InlineData("kv-test/data/web*", "holds a glob ('*' or '+')")]
    [InlineData("kv-test/../sys/policy", "holds a '.' or '..' segment")]
    [InlineData("kv-test/./data/web", "holds a '.' or '..' segment")]
    [InlineData("/kv-test/data/web", "is not a Vault path")]
    [InlineData("kv-test//data/web", "is not a Vault path")]
    [InlineData("kv-test/data/web/", "is not a Vault path")]
    public void Load_WhenVaultPathIsNotExact_ShouldRefuseIt(string path, string fragment)
    {
        var result = Definitions.Load(Definitions.Patch("[kv-test/data/web]", $"[\"{path}\"]"));

        Definitions.AssertError(result, 39, 23, ReadSecretPaths + "[0]", fragment);
    }

    [Theory]
    [InlineData("kv-other/data/web")]
    [InlineData("kv-testing/data/web")]
    [InlineData("kv-test")]
    public void Load_WhenVaultPathIsOutsideTheSecretMounts_ShouldRefuseIt(string path)
    {
        var result = Definitions.Load(Definitions.Patch("[kv-test/data/web]", $"[{path}]"));

        Definitions.AssertError(result, 39, 23, ReadSecretPaths, $"'{path}' is outside the configured secret mounts (kv-test)");
    }

    [Theory]
    [InlineData("sys")]
    [InlineData("auth/jwt")]
    [InlineData("identity")]
    [InlineData("ns1/sys")]
    [InlineData("team/cubbyhole")]
    public void Load_WhenSecretMountIsAVaultSystemPath_ShouldRefuseIt(string mount)
    {
        var result = Definitions.Load(Definitions.Patch("    secretMounts: [kv-test]", $"    secretMounts: [kv-test, {mount}]"));

        Definitions.AssertError(result, 19, 29, "environment.vault.secretMounts", $"'{mount}' is a Vault system path (segment '");
    }

    [Theory]
    [InlineData("          - read-secret:", "          - read-secrets:", 38, 13, "pipelines[0].stages[0].capabilities[1]", "unknown capability 'read-secrets' (the catalog has: deploy, scale,")]
    [InlineData("          - read-secret:", "          - admin:", 38, 13, "pipelines[0].stages[0].capabilities[1]", "unknown capability 'admin'")]
    [InlineData("          - deploy:\n              deployments: [web]\n", "          - deploy\n", 36, 13, "pipelines[0].stages[0].capabilities[0]", "expected a mapping with one capability name as its key")]
    [InlineData("          - deploy:\n", "          - deploy:\n            scale:\n", 36, 13, "pipelines[0].stages[0].capabilities[0]", "expected a mapping with one capability name as its key")]
    [InlineData("          - deploy:\n              deployments: [web]\n", "          - deploy: [web]\n", 36, 21, "pipelines[0].stages[0].capabilities[0].deploy", "expected a mapping (deploy), found a list")]
    [InlineData("        capabilities:\n          - deploy:\n              deployments: [web]\n          - read-secret:\n              paths: [kv-test/data/web]\n", "        capabilities: []\n", 35, 23, "pipelines[0].stages[0].capabilities", "needs at least 1 item")]
    [InlineData("              deployments: [web]", "              deployments: []", 37, 28, "pipelines[0].stages[0].capabilities[0].deploy.deployments", "needs at least 1 item")]
    [InlineData("          - read-secret:", "          - push-image:\n              repositories: [web]\n          - read-secret:", 39, 15, "pipelines[0].stages[0].capabilities[1].push-image", "needs environment.azure.registry to be configured")]
    public void Load_WhenCapabilityIsUnknownOrMalformed_ShouldRefuseIt(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);
}
