using System.Collections.Immutable;
using Infra.Components.Guards;
using Infra.Testing;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Core.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
using Pulumi.Testing;

namespace Infra.Components.Tests;

[Collection(PulumiTests.Name)]
public sealed class WildcardGrantGuardTests
{
    [Theory]
    [InlineData("kubernetes:rbac.authorization.k8s.io/v1:Role", true)]
    [InlineData("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", true)]
    [InlineData("vault:index/policy:Policy", true)]
    [InlineData("vault:jwt/authBackendRole:AuthBackendRole", true)]
    [InlineData("vault:kubernetes/secretBackendRole:SecretBackendRole", true)]
    [InlineData("azure-native:authorization:RoleDefinition", true)]
    [InlineData("azure-native:managedidentity:FederatedIdentityCredential", true)]
    [InlineData("kubernetes:core/v1:ConfigMap", false)]
    [InlineData("kubernetes:batch/v1:CronJob", false)]
    [InlineData("vault:index/audit:Audit", false)]
    [InlineData("azure-native:storage:StorageAccount", false)]
    public void GrantsAccess_ForAType_ShouldTellWhetherItsInputsGrantAccess(string type, bool grants) =>
        Assert.Equal(grants, WildcardGrantGuard.GrantsAccess(type));

    [Theory]
    [InlineData("*", true)]
    [InlineData("apps/*", true)]
    [InlineData("path \"kv/data/+/config\" {", true)]
    [InlineData("path \"kv/+\" {", true)]
    [InlineData("Microsoft.ContainerRegistry/registries/repositories/content/read", false)]
    [InlineData("path \"kv-staging/data/payments/api\" {\n  capabilities = [\"read\"]\n}", false)]
    [InlineData("a+b", false)]
    public void Wildcard_ForAValue_ShouldFindStarsAndVaultSegmentGlobs(string value, bool wildcard) =>
        Assert.Equal(wildcard, WildcardGrantGuard.Wildcard(value) is not null);

    [Fact]
    public async Task Transformation_WhenARoleGrantsEveryVerb_ShouldRefuseItBeforeItIsRegistered()
    {
        var mocks = new EchoMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync<GuardedStackWithWildcardRole>(mocks));

        Assert.Contains("wildcard grant refused", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Rules[0].Verbs[0]", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registered, r => r.Name == "everything");
    }

    [Fact]
    public async Task Transformation_WhenTheWildcardArrivesLaterThroughAnOutput_ShouldFailTheRun()
    {
        var mocks = new EchoMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync<GuardedStackWithLateWildcard>(mocks));

        Assert.Contains("wildcard grant refused", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transformation_WhenAStarIsNoGrant_ShouldLetTheResourceThrough()
    {
        var mocks = new EchoMocks();

        await Deployment.TestAsync<GuardedStackWithCronSchedule>(mocks);

        Assert.Contains(mocks.Registered, r => r.Name == "schedule" && r.Text("data.cron") == "*/5 * * * *");
        Assert.Contains(mocks.Registered, r => r.Name == "exact");
    }

    private static StackOptions Guarded() => new() { ResourceTransformations = { WildcardGrantGuard.Transformation } };

    private static RoleArgs Role(Input<string> verb) => new()
    {
        Metadata = new ObjectMetaArgs { Name = "r", Namespace = "n" },
        Rules = { new PolicyRuleArgs { ApiGroups = { "apps" }, Resources = { "deployments" }, Verbs = { verb } } },
    };

    private sealed class GuardedStackWithWildcardRole : Stack
    {
        public GuardedStackWithWildcardRole()
            : base(Guarded()) => _ = new Pulumi.Kubernetes.Rbac.V1.Role("everything", Role("*"));
    }

    private sealed class GuardedStackWithLateWildcard : Stack
    {
        public GuardedStackWithLateWildcard()
            : base(Guarded())
        {
            var verb = new TaskCompletionSource<string>();
            _ = new Pulumi.Kubernetes.Rbac.V1.Role("late", Role(Output.Create(verb.Task)));
            verb.SetResult("*");
        }
    }

    private sealed class GuardedStackWithCronSchedule : Stack
    {
        public GuardedStackWithCronSchedule()
            : base(Guarded())
        {
            _ = new Pulumi.Kubernetes.Core.V1.ConfigMap("schedule", new ConfigMapArgs { Data = ImmutableDictionary<string, string>.Empty.Add("cron", "*/5 * * * *") });
            _ = new Pulumi.Kubernetes.Rbac.V1.Role("exact", Role("get"));
        }
    }
}
