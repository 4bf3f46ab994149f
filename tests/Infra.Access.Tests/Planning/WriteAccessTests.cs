using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Tests.Planning;

/// <summary>
/// Issue 16: "write" is one decision (access/Catalog/WriteAccess.cs), read from what a grant does.
/// Each system is judged by a closed list of what only reads, so unknown and custom verbs write.
/// </summary>
public sealed class WriteAccessTests
{
    [Theory]
    [InlineData("get", false)]
    [InlineData("list", false)]
    [InlineData("watch", false)]
    [InlineData("create", true)]
    [InlineData("update", true)]
    [InlineData("patch", true)]
    [InlineData("delete", true)]
    [InlineData("deletecollection", true)]
    [InlineData("bind", true)]
    [InlineData("escalate", true)]
    [InlineData("impersonate", true)]
    [InlineData("approve", true)]
    [InlineData("sign", true)]
    [InlineData("use", true)]
    [InlineData("proxy", true)]
    [InlineData("*", true)]
    [InlineData("Get", true)]
    public void IsKubernetesWrite_WhenVerbIsJudged_ShouldOnlySpareGetListWatch(string verb, bool writes) =>
        Assert.Equal(writes, WriteAccess.IsKubernetesWrite(verb));

    [Theory]
    [InlineData("read", false)]
    [InlineData("list", false)]
    [InlineData("deny", false)]
    [InlineData("subscribe", false)]
    [InlineData("create", true)]
    [InlineData("update", true)]
    [InlineData("patch", true)]
    [InlineData("delete", true)]
    [InlineData("sudo", true)]
    [InlineData("recover", true)]
    [InlineData("*", true)]
    public void IsVaultWrite_WhenCapabilityIsJudged_ShouldOnlySpareReads(string capability, bool writes) =>
        Assert.Equal(writes, WriteAccess.IsVaultWrite(capability));

    [Theory]
    [InlineData("Microsoft.ContainerRegistry/registries/repositories/content/read", false)]
    [InlineData("Microsoft.ContainerRegistry/registries/repositories/content/READ", false)]
    [InlineData("Microsoft.ContainerRegistry/registries/repositories/content/write", true)]
    [InlineData("Microsoft.ContainerRegistry/registries/repositories/content/delete", true)]
    [InlineData("Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action", true)]
    [InlineData("Microsoft.ContainerRegistry/*", true)]
    [InlineData("*", true)]
    public void IsAzureWrite_WhenActionIsJudged_ShouldOnlySpareReads(string action, bool writes) =>
        Assert.Equal(writes, WriteAccess.IsAzureWrite(action));

    [Theory]
    [InlineData("kubernetes-prod/creds/ci-web-deploy", "kubernetes-prod", true)]
    [InlineData("kubernetes-prod/roles/ci-web-deploy", "kubernetes-prod", false)]
    [InlineData("kubernetes-prod/creds/", "kubernetes-prod", false)]
    [InlineData("kubernetes-prod/creds/a/b", "kubernetes-prod", false)]
    [InlineData("kubernetes-prod-2/creds/x", "kubernetes-prod", false)]
    [InlineData("kv-prod/creds/x", "kubernetes-prod", false)]
    public void MintsCredential_WhenPathIsJudged_ShouldOnlyMatchTheEnginesCredsEndpoint(string path, string backend, bool mints) =>
        Assert.Equal(mints, WriteAccess.MintsCredential(path, backend));

    [Fact]
    public void Writes_WhenAReadOnlyCapabilityIsGivenPatch_ShouldFollowTheGrantNotTheName()
    {
        var readOnly = CapabilityCatalog.ReadLogs;
        var patching = readOnly with { KubernetesRules = [.. readOnly.KubernetesRules, new KubernetesRuleTemplate("apps", ["deployments"], ["patch"], Named: false)] };

        Assert.False(readOnly.Writes);
        Assert.True(patching.Writes);
    }

    [Theory]
    [InlineData(CapabilitySystem.Vault, "sudo")]
    [InlineData(CapabilitySystem.Azure, "Microsoft.ContainerRegistry/registries/repositories/content/delete")]
    public void Writes_WhenAReadCapabilityGainsAWriteOfItsSystem_ShouldWrite(CapabilitySystem system, string action)
    {
        var capability = system == CapabilitySystem.Vault
            ? CapabilityCatalog.ReadSecret with { VaultCapabilities = ["read", action] }
            : CapabilityCatalog.PullImage with { AzureRole = CapabilityCatalog.PullImage.AzureRole! with { DataActions = [.. CapabilityCatalog.PullImage.AzureRole!.DataActions, action] } };

        Assert.True(capability.Writes);
    }

    /// <summary>
    /// A capability cannot be declared read-only: there is no flag to set, only grants. Re-adding a
    /// settable <c>Writes</c> (a constructor argument or an init accessor) fails here.
    /// </summary>
    [Fact]
    public void Capability_WhenDeclared_ShouldHaveNoWayToSetWhetherItWrites()
    {
        var property = typeof(Capability).GetProperty(nameof(Capability.Writes))!;

        Assert.Null(property.SetMethod);
        Assert.All(typeof(Capability).GetConstructors(), c =>
            Assert.DoesNotContain(c.GetParameters(), p => string.Equals(p.Name, "writes", StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Catalog_WhenEachCapabilityIsJudged_ShouldWriteExactlyWhenOneOfItsGrantsWrites()
    {
        foreach (var capability in CapabilityCatalog.All)
        {
            ImmutableArray<(CapabilitySystem System, string Action)> grants =
            [
                .. capability.KubernetesRules.SelectMany(r => r.Verbs).Select(v => (CapabilitySystem.Kubernetes, v)),
                .. capability.VaultCapabilities.Select(c => (CapabilitySystem.Vault, c)),
                .. (capability.AzureRole?.DataActions ?? []).Select(a => (CapabilitySystem.Azure, a)),
            ];
            Assert.True(
                grants.Any(g => WriteAccess.IsWrite(g.System, g.Action)) == capability.Writes,
                $"{capability.Name}: Writes disagrees with its grants");
        }
    }
}
