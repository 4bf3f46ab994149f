using System.Reflection;
using Infra.Components;
using Infra.Testing;
using Core = Pulumi.Kubernetes.Core.V1;

namespace Infra.Components.Tests;

/// <summary>
/// The Pod Security labels reach the cluster as server-side apply patches of the namespace's labels
/// alone: one NamespacePatch per pipeline namespace, in every state, under the plan's field manager
/// with conflicts forced, parented to the namespace's component, and nothing that would own the namespace.
/// </summary>
[Collection(PulumiTests.Name)]
public sealed class PodSecurityPatchTests
{
    private const string PatchType = "kubernetes:core/v1:NamespacePatch";

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task EnvironmentAccess_ForEachPipelineNamespace_ShouldPatchExactlyThePlannedLabels(string environment)
    {
        var checkedEnvironment = ComponentRun.Stack(environment);
        var plan = checkedEnvironment.Plan;

        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess(environment, new EnvironmentAccessArgs { Environment = checkedEnvironment }));

        var patches = mocks.Registered.Where(r => r.Type == PatchType).ToDictionary(r => r.Text("metadata.name")!, StringComparer.Ordinal);
        // Every pipeline namespace, paused and decommissioned ones too; never the runner namespace (the platform's).
        Assert.Equal(plan.Identities.Select(i => i.Pipeline).Distinct().Count(), plan.Kubernetes.PodSecurity.Select(p => p.Owner.Pipeline).Distinct().Count());
        Assert.Equal(plan.Kubernetes.PodSecurity.Select(p => p.Namespace).Order(StringComparer.Ordinal), patches.Keys.Order(StringComparer.Ordinal));
        foreach (var planned in plan.Kubernetes.PodSecurity)
        {
            var patch = patches[planned.Namespace];
            // Only the metadata: no spec, no status, no namespace field (a Namespace has none).
            Assert.Equal(["apiVersion", "kind", "metadata"], patch.Inputs.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(["annotations", "labels", "name"], ((IReadOnlyDictionary<string, object>)patch.At("metadata")!).Keys.Order(StringComparer.Ordinal));
            Assert.Equal(planned.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"),
                Map(patch, "metadata.labels").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
            var annotations = Map(patch, "metadata.annotations");
            Assert.Equal("access-pod-security", annotations["pulumi.com/patchFieldManager"]);
            Assert.Equal("true", annotations["pulumi.com/patchForce"]);
        }
    }

    [Fact]
    public async Task EnvironmentAccess_WhenItPatchesANamespace_ShouldParentThePatchToThatNamespacesComponent()
    {
        var checkedEnvironment = ComponentRun.Stack("prod");

        var (resources, _) = await ComponentRun.Declare(() => _ = new EnvironmentAccess("prod", new EnvironmentAccessArgs { Environment = checkedEnvironment }));

        // The SDK has no public parent getter and mock URNs flatten the parent chain: read the SDK's
        // (internal) child sets, as EnvironmentAccessTests does.
        var childrenOf = typeof(Pulumi.Resource).GetProperty("ChildResources", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var patches = resources.OfType<Core.NamespacePatch>().ToList();
        Assert.Equal(checkedEnvironment.Plan.Kubernetes.PodSecurity.Length, patches.Count);
        foreach (var isolation in resources.OfType<NamespaceIsolation>())
        {
            var name = isolation.GetResourceName();
            var children = ((IEnumerable<Pulumi.Resource>)childrenOf.GetValue(isolation)!).OfType<Core.NamespacePatch>().Select(p => p.GetResourceName()).ToList();
            // The runner namespace is the platform's to label: its isolation has no patch.
            Assert.Equal(checkedEnvironment.Plan.Kubernetes.PodSecurity.Where(p => p.Namespace == name).Select(p => "pod-security/" + p.Namespace), children);
        }

        Assert.Equal(patches.Count, resources.OfType<NamespaceIsolation>()
            .Sum(i => ((IEnumerable<Pulumi.Resource>)childrenOf.GetValue(i)!).OfType<Core.NamespacePatch>().Count()));
    }

    private static Dictionary<string, string> Map(RegisteredResource resource, string path) =>
        ((IReadOnlyDictionary<string, object>)resource.At(path)!).ToDictionary(e => e.Key, e => (string)e.Value, StringComparer.Ordinal);
}
