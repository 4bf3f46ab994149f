using System.Collections.Immutable;

namespace Infra.Access.Planning;

public sealed record KubernetesPlan(
    ImmutableArray<ServiceAccountDeclaration> ServiceAccounts,
    ImmutableArray<RoleDeclaration> Roles,
    ImmutableArray<RoleBindingDeclaration> RoleBindings,
    ImmutableArray<NetworkPolicyDeclaration> NetworkPolicies)
{
    /// <summary>
    /// The Pod Security Admission labels of each pipeline namespace, applied by server-side apply of
    /// the labels alone: the namespace itself stays the platform's.
    /// </summary>
    public ImmutableArray<NamespaceLabelPatch> PodSecurity { get; init; } = [];
}

/// <summary>
/// Labels (and annotations) applied to an existing namespace with server-side apply under one field
/// manager: the patch owns these fields of the namespace, never the namespace.
/// </summary>
public sealed record NamespaceLabelPatch(
    string Namespace,
    ImmutableSortedDictionary<string, string> Labels,
    ImmutableSortedDictionary<string, string> Annotations,
    Owner Owner)
{
    /// <summary>The enforced level's label value, or null when the patch lacks it.</summary>
    public string? Enforce => Labels.GetValueOrDefault(global::Infra.Access.Definition.PodSecurity.EnforceLabel);
}

public sealed record ServiceAccountDeclaration(
    string Name,
    string Namespace,
    bool AutomountServiceAccountToken,
    ImmutableSortedDictionary<string, string> Labels,
    Owner Owner);

/// <summary>A namespaced Role (<see cref="Kind"/> is always Role from the planner; rules check it anyway).</summary>
public sealed record RoleDeclaration(
    string Kind,
    string Name,
    string Namespace,
    ImmutableArray<PolicyRule> Rules,
    ImmutableSortedDictionary<string, string> Labels,
    Owner Owner);

/// <summary>An RBAC rule as Kubernetes stores it. The core API group is the empty string.</summary>
public sealed record PolicyRule(
    ImmutableArray<string> ApiGroups,
    ImmutableArray<string> Resources,
    ImmutableArray<string> ResourceNames,
    ImmutableArray<string> Verbs,
    ImmutableArray<string> NonResourceUrls);

public sealed record RoleBindingDeclaration(
    string Kind,
    string Name,
    string Namespace,
    RoleReference RoleRef,
    ImmutableArray<SubjectReference> Subjects,
    ImmutableSortedDictionary<string, string> Labels,
    Owner Owner);

/// <summary>The Role a binding grants; <see cref="ApiGroup"/> is RBAC's own group for Roles and ClusterRoles.</summary>
public sealed record RoleReference(string Kind, string Name, string ApiGroup = RoleReference.RbacApiGroup)
{
    public const string RbacApiGroup = "rbac.authorization.k8s.io";
}

public sealed record SubjectReference(string Kind, string Name, string? Namespace);

/// <summary>A NetworkPolicy selecting every pod of its namespace.</summary>
public sealed record NetworkPolicyDeclaration(
    string Name,
    string Namespace,
    ImmutableArray<string> PolicyTypes,
    ImmutableArray<NetworkRule> Ingress,
    ImmutableArray<NetworkRule> Egress,
    ImmutableSortedDictionary<string, string> Labels,
    Owner Owner)
{
    public bool IsDefaultDeny => Ingress.IsEmpty && Egress.IsEmpty && PolicyTypes.Contains("Ingress") && PolicyTypes.Contains("Egress");
}

public sealed record NetworkRule(ImmutableArray<NetworkPeer> Peers, ImmutableArray<NetworkPort> Ports);

/// <summary>
/// A peer: pods of a namespace (optionally only those with <see cref="PodLabels"/>), or a CIDR block.
/// </summary>
public sealed record NetworkPeer(string? Namespace, ImmutableSortedDictionary<string, string>? PodLabels, string? Cidr);

public sealed record NetworkPort(int Port, string Protocol);
