using System.Collections.Immutable;

namespace Infra.Access.Catalog;

public enum CapabilitySystem
{
    Kubernetes,
    Vault,
    Azure,
}

/// <summary>What kind of object a capability's parameter names; decides how names are validated.</summary>
public enum ObjectKind
{
    Deployment,
    ConfigMap,
    CronJob,
    VaultPath,
    Repository,
}

/// <summary>The parameter that names a capability's exact objects, e.g. <c>deployments</c>.</summary>
public sealed record ObjectParameter(string Key, ObjectKind Kind, string Description);

/// <summary>
/// One Kubernetes RBAC rule a capability grants. When <see cref="Named"/> is true the rule's
/// resourceNames are the objects the stage names; verbs that resourceNames cannot restrict
/// (create, list, watch, deletecollection) are kept in separate, unnamed rules so nothing
/// pretends to be narrower than it is.
/// </summary>
public sealed record KubernetesRuleTemplate(string ApiGroup, ImmutableArray<string> Resources, ImmutableArray<string> Verbs, bool Named);

/// <summary>A custom Azure role with exact actions, assigned on the registry with a condition on repository names.</summary>
public sealed record AzureRoleTemplate(string RoleName, string Description, ImmutableArray<string> DataActions);

/// <summary>
/// A capability of the closed catalog: a name a stage can ask for, and the narrowest grants
/// that do the job. Exactly one of the grant sets is non-empty, per <see cref="System"/>.
/// Whether it writes is not declared but read from those grants (<see cref="WriteAccess"/>), so no
/// capability can claim to be read-only while it grants a write.
/// </summary>
public sealed record Capability(
    string Name,
    string Summary,
    CapabilitySystem System,
    ObjectParameter? Objects,
    ImmutableArray<KubernetesRuleTemplate> KubernetesRules,
    ImmutableArray<string> VaultCapabilities,
    AzureRoleTemplate? AzureRole)
{
    /// <summary>Kubernetes capabilities act in one namespace, named by the <c>namespace</c> parameter.</summary>
    public bool NeedsNamespace => System == CapabilitySystem.Kubernetes;

    /// <summary>
    /// Whether any grant writes. Computed on every read, not stored: a <c>with</c> that changes the
    /// grants cannot leave a stale answer behind.
    /// </summary>
    public bool Writes => WriteAccess.Writes(this);
}
