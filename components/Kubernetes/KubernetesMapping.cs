using System.Collections.Immutable;
using Infra.Access.Planning;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Networking.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
using KubernetesCore = Pulumi.Kubernetes.Types.Inputs.Core.V1;

namespace Infra.Components.Kubernetes;

/// <summary>
/// Plan declarations to Pulumi.Kubernetes args, field for field. Names are set explicitly
/// (<c>metadata.name</c>) so the provider appends no random suffix and diffs stay stable.
/// </summary>
internal static class KubernetesMapping
{
    /// <summary>The Pulumi name of a namespaced object: <c>namespace/name</c>, unique per kind in a cluster.</summary>
    public static string ResourceName(string ns, string name) => $"{ns}/{name}";

    /// <summary>The provider annotation that names a Patch resource's server-side apply field manager.</summary>
    public const string PatchFieldManagerAnnotation = global::Infra.Access.Definition.PodSecurity.PatchFieldManagerAnnotation;

    /// <summary>The provider annotation that makes a Patch resource force server-side apply conflicts.</summary>
    public const string PatchForceAnnotation = global::Infra.Access.Definition.PodSecurity.PatchForceAnnotation;

    /// <summary>
    /// A namespace's Pod Security labels as a server-side apply patch (<c>NamespacePatch</c>): only
    /// <c>metadata.name</c>, the labels and the override's reason, so the patch owns those fields and
    /// never the namespace; deleting it releases them and leaves the namespace. The field manager is
    /// the plan's (one name, stable across runs, the same <c>kubectl apply --server-side</c> of the
    /// rendered file uses), and conflicts are forced: a label lowered by hand or by another applier is
    /// taken back on the next <c>pulumi up</c>, which is the point of declaring it.
    /// </summary>
    public static KubernetesCore.NamespacePatchArgs PodSecurity(NamespaceLabelPatch patch)
    {
        var metadata = new ObjectMetaPatchArgs { Name = patch.Namespace };
        foreach (var (key, value) in patch.Labels)
        {
            metadata.Labels.Add(key, value);
        }

        foreach (var (key, value) in patch.Annotations)
        {
            metadata.Annotations.Add(key, value);
        }

        metadata.Annotations.Add(PatchFieldManagerAnnotation, global::Infra.Access.Definition.PodSecurity.FieldManager);
        metadata.Annotations.Add(PatchForceAnnotation, "true");
        return new KubernetesCore.NamespacePatchArgs { Metadata = metadata };
    }

    public static KubernetesCore.ServiceAccountArgs ServiceAccount(ServiceAccountDeclaration account) => new()
    {
        Metadata = Metadata(account.Name, account.Namespace, account.Labels),
        AutomountServiceAccountToken = account.AutomountServiceAccountToken,
    };

    public static RoleArgs Role(RoleDeclaration role)
    {
        // The planner only declares namespaced Roles; a ClusterRole here would be a core bug, not a thing to map.
        if (role.Kind != "Role")
        {
            throw new ArgumentException($"{role.Namespace}/{role.Name}: kind '{role.Kind}' is not a namespaced Role", nameof(role));
        }

        var args = new RoleArgs { Metadata = Metadata(role.Name, role.Namespace, role.Labels) };
        foreach (var rule in role.Rules)
        {
            args.Rules.Add(PolicyRule(rule));
        }

        return args;
    }

    public static RoleBindingArgs RoleBinding(RoleBindingDeclaration binding)
    {
        if (binding.Kind != "RoleBinding")
        {
            throw new ArgumentException($"{binding.Namespace}/{binding.Name}: kind '{binding.Kind}' is not a namespaced RoleBinding", nameof(binding));
        }

        var args = new RoleBindingArgs
        {
            Metadata = Metadata(binding.Name, binding.Namespace, binding.Labels),
            RoleRef = new RoleRefArgs { ApiGroup = binding.RoleRef.ApiGroup, Kind = binding.RoleRef.Kind, Name = binding.RoleRef.Name },
        };
        foreach (var subject in binding.Subjects)
        {
            var subjectArgs = new SubjectArgs { Kind = subject.Kind, Name = subject.Name };
            if (subject.Namespace is { } ns)
            {
                subjectArgs.Namespace = ns;
            }

            args.Subjects.Add(subjectArgs);
        }

        return args;
    }

    public static NetworkPolicyArgs NetworkPolicy(NetworkPolicyDeclaration policy)
    {
        // An empty pod selector selects every pod of the namespace, as the plan's policies intend.
        var spec = new NetworkPolicySpecArgs { PodSelector = new LabelSelectorArgs(), PolicyTypes = List(policy.PolicyTypes) };
        foreach (var rule in policy.Ingress)
        {
            var ingress = new NetworkPolicyIngressRuleArgs();
            ingress.From.Add([.. rule.Peers.Select(p => (Input<NetworkPolicyPeerArgs>)Peer(p))]);
            ingress.Ports.Add([.. rule.Ports.Select(p => (Input<NetworkPolicyPortArgs>)Port(p))]);
            spec.Ingress.Add(ingress);
        }

        foreach (var rule in policy.Egress)
        {
            var egress = new NetworkPolicyEgressRuleArgs();
            egress.To.Add([.. rule.Peers.Select(p => (Input<NetworkPolicyPeerArgs>)Peer(p))]);
            egress.Ports.Add([.. rule.Ports.Select(p => (Input<NetworkPolicyPortArgs>)Port(p))]);
            spec.Egress.Add(egress);
        }

        return new NetworkPolicyArgs { Metadata = Metadata(policy.Name, policy.Namespace, policy.Labels), Spec = spec };
    }

    private static PolicyRuleArgs PolicyRule(PolicyRule rule)
    {
        var args = new PolicyRuleArgs { ApiGroups = List(rule.ApiGroups), Resources = List(rule.Resources), Verbs = List(rule.Verbs) };
        // Absent, not empty: the objects then read exactly as the renderer's YAML and kubectl show them.
        if (!rule.ResourceNames.IsEmpty)
        {
            args.ResourceNames = List(rule.ResourceNames);
        }

        if (!rule.NonResourceUrls.IsEmpty)
        {
            args.NonResourceURLs = List(rule.NonResourceUrls);
        }

        return args;
    }

    private static NetworkPolicyPeerArgs Peer(NetworkPeer peer)
    {
        if (peer.Cidr is not null)
        {
            return new NetworkPolicyPeerArgs { IpBlock = new IPBlockArgs { Cidr = peer.Cidr } };
        }

        var args = new NetworkPolicyPeerArgs
        {
            NamespaceSelector = new LabelSelectorArgs { MatchLabels = { [Planner.NamespaceLabel] = peer.Namespace! } },
        };
        if (peer.PodLabels is { Count: > 0 } labels)
        {
            args.PodSelector = new LabelSelectorArgs { MatchLabels = Map(labels) };
        }

        return args;
    }

    private static NetworkPolicyPortArgs Port(NetworkPort port) => new() { Port = port.Port, Protocol = port.Protocol };

    private static ObjectMetaArgs Metadata(string name, string ns, ImmutableSortedDictionary<string, string> labels) =>
        new() { Name = name, Namespace = ns, Labels = Map(labels) };

    private static InputList<string> List(ImmutableArray<string> values) => values;

    private static InputMap<string> Map(ImmutableSortedDictionary<string, string> values) =>
        values.ToImmutableDictionary(StringComparer.Ordinal);
}
