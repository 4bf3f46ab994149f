using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Deployer;

/// <summary>
/// What one deployer (the identity that runs <c>pulumi up</c>) may do in one environment: exactly what
/// registering its objects of the plan needs. <see cref="Team"/> is null for the platform's deployer,
/// which registers every pipeline no team deploys itself, and the environment's own objects.
/// </summary>
/// <param name="Id"><c>deployer</c> or <c>deployer:&lt;team&gt;</c>: its name in the matrix, the diff and <c>access explain</c>.</param>
/// <param name="Team">The team whose pipelines it registers, or null for the platform.</param>
/// <param name="KubernetesUser">The Kubernetes user name its bindings name (the bootstrap maps the deployer's sign-in to it).</param>
/// <param name="Pipelines">The pipelines whose objects it registers, in name order.</param>
/// <param name="KubernetesRoles">A Role per namespace (and, for cluster-scoped objects, one ClusterRole, namespace empty), each bound to <see cref="KubernetesUser"/> by a binding of the same name.</param>
/// <param name="VaultPolicy">Its Vault policy: exact paths only.</param>
/// <param name="AzureRoles">Its custom Azure roles, each assignable at and assigned on exactly one scope.</param>
public sealed record DeployerRights(
    string Id,
    string? Team,
    string KubernetesUser,
    ImmutableArray<string> Pipelines,
    ImmutableArray<RoleDeclaration> KubernetesRoles,
    VaultPolicyDeclaration VaultPolicy,
    ImmutableArray<DeployerAzureRole> AzureRoles)
{
    public const string PlatformId = "deployer";

    /// <summary>
    /// The admission policies that hold its Kubernetes writes to the plan (<see cref="DeployerGuard"/>):
    /// applied by the bootstrap with these rights, never by the deployer itself.
    /// </summary>
    public ImmutableArray<Admission.AdmissionPolicyDeclaration> Guards { get; init; } = [];

    /// <summary>Who assumes a deployer, as the diff and explain show it: no CI subject of the plan, the bootstrap's trust.</summary>
    public const string SignIn = "the environment's deploy job (OIDC, trusted by the bootstrap: docs/pulumi.md)";

    /// <summary>The id of a team's deployer. A ':' never appears in a pipeline/stage id, so the two never collide.</summary>
    public static string TeamId(string team) => $"{PlatformId}:{team}";

    /// <summary>
    /// Whether RBAC lets the deployer do <paramref name="verb"/> on <paramref name="resource"/> of
    /// <paramref name="group"/> (named <paramref name="name"/>, or null for a request that carries no
    /// name, such as create) in <paramref name="ns"/> (null: cluster-scoped). A Role counts in its
    /// namespace, a ClusterRole (bound by a ClusterRoleBinding) everywhere; a rule without resourceNames covers every name.
    /// </summary>
    public bool Allows(string? ns, string group, string resource, string? name, string verb) =>
        KubernetesRoles
            .Where(r => r.Kind == "ClusterRole" || (ns is not null && r.Namespace == ns))
            .SelectMany(r => r.Rules)
            .Any(rule => rule.ApiGroups.Contains(group) && rule.Resources.Contains(resource) && rule.Verbs.Contains(verb)
                && (rule.ResourceNames.IsEmpty || (name is not null && rule.ResourceNames.Contains(name))));

    /// <summary>True for an identity id that names a deployer rather than a pipeline stage.</summary>
    public static bool IsDeployerId(string id) =>
        id == PlatformId || id.StartsWith(PlatformId + ":", StringComparison.Ordinal);
}

/// <summary>
/// A custom Azure role of a deployer, assignable at exactly <see cref="Scope"/> and assigned to the
/// deployer there. <see cref="Condition"/> (Azure ABAC, version 2.0) constrains role-assignment writes
/// and deletes to <see cref="AssignableRoleDefinitionIds"/> and to service principals; null when the
/// role holds no role-assignment action.
/// </summary>
public sealed record DeployerAzureRole(
    RoleDefinitionDeclaration Definition,
    string Scope,
    ImmutableArray<string> AssignableRoleDefinitionIds,
    ImmutableArray<string> AssignableRoleNames,
    string? Condition)
{
    public const string ConditionVersion = "2.0";
}
