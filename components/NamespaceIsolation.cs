using System.Collections.Immutable;
using Infra.Components.Kubernetes;
using Infra.Components.Validation;
using Pulumi;
using Core = Pulumi.Kubernetes.Core.V1;
using Networking = Pulumi.Kubernetes.Networking.V1;

namespace Infra.Components;

/// <summary>Which namespace of a checked environment a <see cref="NamespaceIsolation"/> registers.</summary>
public sealed class NamespaceIsolationArgs
{
    /// <summary>The checked environment (from <see cref="EnvironmentGate"/>).</summary>
    public required CheckedEnvironment Environment { get; init; }

    /// <summary>The namespace whose network policies to register.</summary>
    public required string Namespace { get; init; }
}

/// <summary>
/// A namespace's boundary: the default-deny policy and the allow policies of the flows the
/// definition names (a pipeline's namespace, or the in-cluster CI runner namespace), and for a
/// pipeline's namespace its Pod Security labels, applied as a server-side apply patch that never
/// takes ownership of the namespace.
/// </summary>
public sealed class NamespaceIsolation : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:NamespaceIsolation";

    /// <summary>Registers the namespace's NetworkPolicies from the plan.</summary>
    /// <param name="name">The component's name; the namespace by convention.</param>
    /// <param name="args">The checked environment and the namespace.</param>
    /// <param name="options">Component options, passed down to every child.</param>
    public NamespaceIsolation(string name, NamespaceIsolationArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var policies = args.Environment.Plan.Kubernetes.NetworkPolicies.Where(p => p.Namespace == args.Namespace).ToImmutableArray();
        var child = new CustomResourceOptions { Parent = this };
        foreach (var policy in policies)
        {
            _ = new Networking.NetworkPolicy(KubernetesMapping.ResourceName(policy.Namespace, policy.Name), KubernetesMapping.NetworkPolicy(policy), child);
        }

        var podSecurity = args.Environment.Plan.Kubernetes.PodSecurity.Where(p => p.Namespace == args.Namespace).ToImmutableArray();
        foreach (var patch in podSecurity)
        {
            // Named apart from the namespace's other children: the patch is of the Namespace object itself.
            _ = new Core.NamespacePatch(KubernetesMapping.ResourceName("pod-security", patch.Namespace), KubernetesMapping.PodSecurity(patch), child);
        }

        Namespace = Output.Create(args.Namespace);
        PodSecurity = Output.Create(podSecurity.Select(p => p.Enforce ?? "").ToImmutableArray());
        NetworkPolicies = Output.Create(policies.Select(p => p.Name).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The isolated namespace.</summary>
    [Output("namespace")]
    public Output<string> Namespace { get; }

    /// <summary>The enforced Pod Security level of the namespace (one entry; none for the runner namespace, which the platform labels).</summary>
    [Output("podSecurity")]
    public Output<ImmutableArray<string>> PodSecurity { get; }

    /// <summary>The names of the namespace's NetworkPolicies.</summary>
    [Output("networkPolicies")]
    public Output<ImmutableArray<string>> NetworkPolicies { get; }
}
