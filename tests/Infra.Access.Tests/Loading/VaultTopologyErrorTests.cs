using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Hostile;

namespace Infra.Access.Tests.Loading;

/// <summary>
/// Issue 11, class 1: the Vault mounts are modelled, not assumed. A secret mount is a KV mount of its
/// own, apart from the Kubernetes secrets engine and the JWT auth path; a secret path is a secret
/// value of one (KV version 2: under data/); reserved segments are refused at any depth.
/// </summary>
public sealed class VaultTopologyErrorTests
{
    private const string ReadSecretPaths = "pipelines[0].stages[0].capabilities[1].read-secret.paths";
    private const string SecretMounts = "environment.vault.secretMounts";

    [Theory]
    [InlineData("vault-mount-is-kubernetes-engine.yaml", 19, "'kubernetes-aks-staging' overlaps the Kubernetes secrets engine path 'kubernetes-aks-staging'")]
    [InlineData("vault-mount-is-kubernetes-engine.yaml", 36, "'kubernetes-aks-staging/creds/ci-orders-worker-deploy' lies under the Kubernetes secrets engine")]
    [InlineData("vault-mount-under-kubernetes-engine.yaml", 19, "'kubernetes-aks-staging/creds' overlaps the Kubernetes secrets engine path")]
    [InlineData("vault-mount-above-kubernetes-engine.yaml", 19, "'platform' overlaps the Kubernetes secrets engine path 'platform/kubernetes-aks-staging'")]
    [InlineData("vault-mount-is-jwt-path.yaml", 19, "'jwt-ci-staging' overlaps the JWT auth path 'jwt-ci-staging'")]
    [InlineData("vault-mount-under-jwt-path.yaml", 19, "'jwt-ci-staging/role' overlaps the JWT auth path")]
    [InlineData("vault-mount-namespace-sys.yaml", 19, "'ns1/sys' is a Vault system path (segment 'sys')")]
    [InlineData("vault-mounts-nested.yaml", 19, "'kv-staging/team' overlaps the secret mount 'kv-staging': Vault mounts never nest")]
    [InlineData("vault-secret-path-roles.yaml", 36, "'kubernetes-aks-staging/roles/ci-payments-api-deploy' lies under the Kubernetes secrets engine")]
    [InlineData("vault-secret-path-metadata.yaml", 36, "'kv-staging/metadata/payments/api' is not a secret of the KV version 2 mount 'kv-staging'")]
    [InlineData("vault-secret-path-destroy.yaml", 36, "'kv-staging/destroy/payments/api' is not a secret of the KV version 2 mount")]
    [InlineData("vault-secret-path-config.yaml", 36, "'kv-staging/config' is not a secret of the KV version 2 mount")]
    [InlineData("vault-secret-path-namespace-sys.yaml", 36, "holds the reserved Vault segment 'sys'")]
    [InlineData("vault-secret-path-cubbyhole.yaml", 36, "holds the reserved Vault segment 'cubbyhole'")]
    public void Load_WhenVaultTopologyIsHostile_ShouldNameTheLineAndTheProblem(string fixture, int line, string fragment)
    {
        var result = DefinitionLoader.Load(HostileCorpus.Read(fixture), fixture);

        Assert.Null(result.Definition);
        Assert.Contains(result.Errors, e => e.Location.Line == line && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kubernetes-test", "overlaps the Kubernetes secrets engine path 'kubernetes-test'")]
    [InlineData("kubernetes-test/creds", "overlaps the Kubernetes secrets engine path 'kubernetes-test'")]
    [InlineData("jwt-ci", "overlaps the JWT auth path 'jwt-ci'")]
    [InlineData("jwt-ci/role", "overlaps the JWT auth path 'jwt-ci'")]
    [InlineData("kv-test/team", "overlaps the secret mount 'kv-test'")]
    public void Load_WhenSecretMountOverlapsAnotherMount_ShouldRefuseIt(string mount, string fragment)
    {
        var result = Definitions.Load(Definitions.Patch("    secretMounts: [kv-test]", $"    secretMounts: [kv-test, {mount}]"));

        Definitions.AssertError(result, 19, 29, SecretMounts, $"'{mount}' {fragment}");
    }

    [Theory]
    [InlineData("    kubernetesSecretsPath: kubernetes-test", "    kubernetesSecretsPath: kv-test/kubernetes", "'kv-test' overlaps the Kubernetes secrets engine path 'kv-test/kubernetes'")]
    [InlineData("    jwtAuthPath: jwt-ci", "    jwtAuthPath: kv-test", "'kv-test' overlaps the JWT auth path 'kv-test'")]
    public void Load_WhenEnginePathOverlapsASecretMount_ShouldRefuseTheMount(string find, string replace, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), 19, 20, SecretMounts, fragment);

    [Theory]
    [InlineData("    jwtAuthPath: jwt-ci", "    jwtAuthPath: ns1/auth/jwt-ci", 17, "environment.vault.jwtAuthPath")]
    [InlineData("    kubernetesSecretsPath: kubernetes-test", "    kubernetesSecretsPath: ns1/sys", 18, "environment.vault.kubernetesSecretsPath")]
    public void Load_WhenEnginePathHoldsAReservedSegment_ShouldRefuseIt(string find, string replace, int line, string field)
    {
        var result = Definitions.Load(Definitions.Patch(find, replace));

        Assert.Contains(result.Errors, e => e.Location.Line == line && e.Field == field && e.Message.Contains("holds the reserved Vault segment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("kv-test/metadata/web")]
    [InlineData("kv-test/delete/web")]
    [InlineData("kv-test/undelete/web")]
    [InlineData("kv-test/destroy/web")]
    [InlineData("kv-test/subkeys/web")]
    [InlineData("kv-test/config")]
    [InlineData("kv-test/data")]
    [InlineData("kv-test/web")]
    public void Load_WhenKvV2PathIsNotASecretValue_ShouldRefuseIt(string path)
    {
        var result = Definitions.Load(Definitions.Patch("[kv-test/data/web]", $"[{path}]"));

        Definitions.AssertError(result, 39, 23, ReadSecretPaths, $"'{path}' is not a secret of the KV version 2 mount 'kv-test'");
    }

    [Theory]
    [InlineData("kubernetes-test/creds/ci-other-deploy", "lies under the Kubernetes secrets engine 'kubernetes-test'")]
    [InlineData("kubernetes-test/roles/ci-web-deploy", "lies under the Kubernetes secrets engine 'kubernetes-test'")]
    [InlineData("kubernetes-test/config", "lies under the Kubernetes secrets engine 'kubernetes-test'")]
    [InlineData("jwt-ci/role/ci-web-deploy", "lies under the JWT auth path 'jwt-ci'")]
    [InlineData("KV-TEST/data/web", "is outside the configured secret mounts (kv-test)")]
    [InlineData("kv-test-2/data/web", "is outside the configured secret mounts (kv-test)")]
    public void Load_WhenSecretPathLeavesTheSecretMounts_ShouldRefuseIt(string path, string fragment)
    {
        var result = Definitions.Load(Definitions.Patch("[kv-test/data/web]", $"[{path}]"));

        Definitions.AssertError(result, 39, 23, ReadSecretPaths, $"'{path}' {fragment}");
    }

    [Theory]
    [InlineData("kv-test/data/cubbyhole", "cubbyhole")]
    [InlineData("kv-test/data/ns1/sys/policies/acl/x", "sys")]
    [InlineData("kv-test/data/team/Identity/x", "Identity")]
    [InlineData("kv-test/data/AUTH", "AUTH")]
    public void Load_WhenSecretPathHoldsAReservedSegment_ShouldRefuseIt(string path, string segment)
    {
        var result = Definitions.Load(Definitions.Patch("[kv-test/data/web]", $"[{path}]"));

        Definitions.AssertError(result, 39, 23, ReadSecretPaths + "[0]", $"'{path}' holds the reserved Vault segment '{segment}'");
    }

    [Fact]
    public void Load_WhenKvV1MountIsDeclared_ShouldReadSecretsWithoutDataPrefix()
    {
        var text = Definitions.Patch("    secretMounts: [kv-test]", "    secretMounts: [kv-test, kv-legacy]\n    kvV1Mounts: [kv-legacy]");
        var result = Definitions.Load(Definitions.Patch(text, "[kv-test/data/web]", "[kv-test/data/web, kv-legacy/web/api]"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var vault = result.Definition!.Environment.Vault;
        Assert.Equal(KvVersion.V1, vault.VersionOf("kv-legacy"));
        Assert.Equal(KvVersion.V2, vault.VersionOf("kv-test"));
    }

    [Theory]
    [InlineData("kv-legacy/metadata/web", "starts with 'metadata/' under the KV version 1 mount 'kv-legacy'")]
    [InlineData("kv-legacy/data/web", "starts with 'data/' under the KV version 1 mount 'kv-legacy'")]
    [InlineData("kv-legacy/config", "starts with 'config/' under the KV version 1 mount 'kv-legacy'")]
    public void Load_WhenKvV1PathStartsWithAKvV2Endpoint_ShouldRefuseIt(string path, string fragment)
    {
        var text = Definitions.Patch("    secretMounts: [kv-test]", "    secretMounts: [kv-test, kv-legacy]\n    kvV1Mounts: [kv-legacy]");
        var result = Definitions.Load(Definitions.Patch(text, "[kv-test/data/web]", $"[{path}]"));

        Definitions.AssertError(result, 40, 23, ReadSecretPaths, $"'{path}' {fragment}");
    }

    [Fact]
    public void Load_WhenKvV1MountIsNotASecretMount_ShouldRefuseIt()
    {
        var result = Definitions.Load(Definitions.Patch("    secretMounts: [kv-test]", "    secretMounts: [kv-test]\n    kvV1Mounts: [kv-other]"));

        Definitions.AssertError(result, 20, 18, "environment.vault.kvV1Mounts", "'kv-other' is not one of secretMounts (kv-test)");
    }

    [Theory]
    [InlineData("kv-prod/data/x", "kv-prod", true)]
    [InlineData("kv-prod", "kv-prod", true)]
    [InlineData("/kv-prod//data/x", "kv-prod", true)]
    [InlineData("kv-prod/", "kv-prod", true)]
    [InlineData("kv-prod-2/data/x", "kv-prod", false)]
    [InlineData("kv", "kv-prod", false)]
    [InlineData("KV-PROD/data/x", "kv-prod", false)]
    [InlineData("team/kv/data/x", "team/kv", true)]
    [InlineData("team/kv2/data/x", "team/kv", false)]
    [InlineData("x", "", false)]
    public void IsUnder_WhenPathsAreComparedOnSegments_ShouldMatchVault(string path, string mount, bool expected) =>
        Assert.Equal(expected, VaultTopology.IsUnder(path, mount));

    [Theory]
    [InlineData("kv-prod/data/x", true)]
    [InlineData("/kv-prod/data/x", false)]
    [InlineData("kv-prod/data/x/", false)]
    [InlineData("kv-prod//data/x", false)]
    [InlineData("kv-prod/data/../x", false)]
    [InlineData("kv-prod/./data/x", false)]
    [InlineData("kv-prod/data/*", false)]
    [InlineData("kv-prod/+/x", false)]
    [InlineData("", false)]
    public void IsExact_WhenPathIsWrittenOtherwise_ShouldBeFalse(string path, bool expected) =>
        Assert.Equal(expected, VaultTopology.IsExact(path));
}
