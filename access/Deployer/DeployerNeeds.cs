using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Deployer;

/// <summary>
/// What registering some of a plan's objects needs, permission by permission: the single source of
/// the deployer's rights (<see cref="DeployerPlanner"/> folds it into roles and a policy) and of the
/// check that the rights cover the plan and nothing more (<see cref="DeployerCoverage"/>).
/// </summary>
public sealed record DeployerNeeds(
    IReadOnlySet<KubernetesRight> Kubernetes,
    IReadOnlySet<VaultRight> Vault,
    IReadOnlySet<AzureRight> Azure,
    IReadOnlyDictionary<string, ImmutableSortedDictionary<string, string>> AssignableRoles)
{
    /// <summary>
    /// Verbs on a named object the Pulumi Kubernetes provider uses: read (refresh, diff), patch
    /// (server-side apply, also for updates) and delete. <c>update</c> (PUT) is not used. Each verb
    /// RBAC can narrow by name is narrowed by name.
    /// </summary>
    public static ImmutableArray<string> NamedObjectVerbs { get; } = ["delete", "get", "patch"];

    /// <summary>
    /// Namespaces are never created by the plan: they exist before it (the platform creates them),
    /// and the plan only labels them (Pod Security, server-side apply). So only read and patch, by
    /// name: without create, an apply to a missing namespace fails instead of creating it, and a
    /// stolen token cannot relabel any namespace but its own pipelines'.
    /// </summary>
    public static ImmutableArray<string> NamespaceVerbs { get; } = ["get", "patch"];

    /// <summary>
    /// Create is never narrowed by name: RBAC authorizes a create before the object (and its name)
    /// exists, so resourceNames cannot apply to it (nor to list, watch or deletecollection, which the
    /// deployer does not need).
    /// </summary>
    public const string Create = "create";

    /// <summary>The one verb a team's deployer holds on the admission objects of its pipelines, by name.</summary>
    public const string AdmissionReadVerb = "get";

    /// <summary>Vault capabilities on an object the deployer manages: it creates, reads, changes and deletes it.</summary>
    public static ImmutableArray<string> VaultObjectCapabilities { get; } = ["create", "delete", "read", "update"];

    /// <summary>
    /// Vault requires sudo on <c>sys/audit/&lt;path&gt;</c> (enable, disable) and on <c>sys/audit</c> (list,
    /// which the provider reads a device back with). Delete is left out on purpose: disabling audit
    /// is an attacker's first step, so removing a device stays with the bootstrap administrators.
    /// </summary>
    public static ImmutableArray<string> VaultAuditCapabilities { get; } = ["create", "read", "sudo", "update"];

    public static ImmutableArray<string> VaultAuditListCapabilities { get; } = ["read", "sudo"];

    /// <summary>The needs of the plan's objects <paramref name="owns"/> selects by owning pipeline (null: the environment's own objects).</summary>
    public static DeployerNeeds Of(Plan plan, string? subscriptionId, Func<string?, bool> owns, bool platform)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(owns);
        var kubernetes = new HashSet<KubernetesRight>();
        var vault = new HashSet<VaultRight>();
        var azure = new HashSet<AzureRight>();
        var assignable = new Dictionary<string, ImmutableSortedDictionary<string, string>>(StringComparer.Ordinal);

        // Which pipeline a namespace belongs to: a Namespace object (its labels) goes with its namespace's pipeline.
        var namespaceOwners = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var policy in plan.Kubernetes.NetworkPolicies)
        {
            namespaceOwners.TryAdd(policy.Namespace, policy.Owner.Pipeline);
        }

        foreach (var obj in PlannedObjects.Kubernetes(plan))
        {
            var owner = obj.Kind == "Namespace" ? obj.Pipeline ?? namespaceOwners.GetValueOrDefault(obj.Name) : obj.Pipeline;
            // Cluster-scoped objects other than the pipelines' own namespaces belong to the platform only.
            var mine = obj.Namespace is null && obj.Kind != "Namespace" ? platform : owns(owner);
            if (!mine)
            {
                // A team's program reads the admission policies that judge its pipelines before it binds
                // any grant (its `pulumi up` fails until the platform's are in place), but never writes
                // them: the guard over a team's CI identities is not the team's to loosen.
                if (!platform && obj.ApiGroup == PlannedObjects.AdmissionGroup && owns(owner))
                {
                    kubernetes.Add(new KubernetesRight("", obj.ApiGroup, obj.Resource, obj.Name, AdmissionReadVerb));
                }

                continue;
            }

            var ns = obj.Namespace ?? "";
            if (obj.Kind == "Namespace")
            {
                kubernetes.UnionWith(NamespaceVerbs.Select(v => new KubernetesRight("", obj.ApiGroup, obj.Resource, obj.Name, v)));
                continue;
            }

            kubernetes.Add(new KubernetesRight(ns, obj.ApiGroup, obj.Resource, "", Create));
            kubernetes.UnionWith(NamedObjectVerbs.Select(v => new KubernetesRight(ns, obj.ApiGroup, obj.Resource, obj.Name, v)));
        }

        foreach (var role in plan.Kubernetes.Roles.Where(r => owns(r.Owner.Pipeline)))
        {
            var ns = PlannedObjects.IsClusterScoped(role.Kind) ? "" : role.Namespace;
            // RBAC's escalation prevention: creating or changing a Role needs every permission it holds,
            // unless one has `escalate` on it. The deployer holds the union of what it grants instead:
            // escalate on a Role name would let it write any rule into that Role and bind it to itself.
            kubernetes.UnionWith(PlannedObjects.Expand(ns, role.Rules));
            // Binding a Role needs its permissions too, or `bind` on it: granted by name on the planned
            // Roles only, never on ClusterRoles, so no binding can reach cluster-admin or admin.
            if (role.Kind == "Role")
            {
                kubernetes.Add(new KubernetesRight(ns, PlannedObjects.RbacGroup, "roles", role.Name, "bind"));
            }
        }

        foreach (var policy in plan.Vault.Policies.Where(p => owns(p.Owner.Pipeline)))
        {
            vault.UnionWith(VaultObjectCapabilities.Select(c => new VaultRight($"sys/policies/acl/{policy.Name}", c)));
        }

        foreach (var role in plan.Vault.JwtRoles.Where(r => owns(r.Owner.Pipeline)))
        {
            vault.UnionWith(VaultObjectCapabilities.Select(c => new VaultRight($"auth/{role.Backend}/role/{role.Name}", c)));
        }

        foreach (var role in plan.Vault.KubernetesSecretRoles.Where(r => owns(r.Owner.Pipeline)))
        {
            vault.UnionWith(VaultObjectCapabilities.Select(c => new VaultRight($"{role.Backend}/roles/{role.Name}", c)));
        }

        if (platform && !plan.Vault.AuditDevices.IsEmpty)
        {
            foreach (var device in plan.Vault.AuditDevices)
            {
                vault.UnionWith(VaultAuditCapabilities.Select(c => new VaultRight($"sys/audit/{device.Path}", c)));
            }

            vault.UnionWith(VaultAuditListCapabilities.Select(c => new VaultRight("sys/audit", c)));
        }

        // Azure stays with the platform's deployer: the team programs register Kubernetes and Vault objects only.
        if (platform && subscriptionId is not null)
        {
            AzureNeeds(plan, subscriptionId, azure, assignable);
        }

        return new DeployerNeeds(kubernetes, vault, azure, assignable);
    }

    private static void AzureNeeds(Plan plan, string subscriptionId, HashSet<AzureRight> azure, Dictionary<string, ImmutableSortedDictionary<string, string>> assignable)
    {
        string Group(string resourceGroup) => $"/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}";
        void Add(string scope, params string[] actions) => azure.UnionWith(actions.Select(a => new AzureRight(scope, a)));

        foreach (var identity in plan.Azure.ManagedIdentities)
        {
            Add(Group(identity.ResourceGroup), "Microsoft.ManagedIdentity/userAssignedIdentities/delete", "Microsoft.ManagedIdentity/userAssignedIdentities/read", "Microsoft.ManagedIdentity/userAssignedIdentities/write");
        }

        foreach (var credential in plan.Azure.FederatedCredentials)
        {
            Add(Group(credential.ResourceGroup), "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete",
                "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read", "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write");
        }

        foreach (var definition in plan.Azure.RoleDefinitions)
        {
            // A definition can only be written where it is assignable: the single resource it is scoped to.
            Add(definition.Scope, "Microsoft.Authorization/roleDefinitions/delete", "Microsoft.Authorization/roleDefinitions/read", "Microsoft.Authorization/roleDefinitions/write");
        }

        foreach (var scope in plan.Azure.RoleAssignments.GroupBy(a => a.Scope, StringComparer.Ordinal))
        {
            Add(scope.Key, "Microsoft.Authorization/roleAssignments/delete", "Microsoft.Authorization/roleAssignments/read", "Microsoft.Authorization/roleAssignments/write");
            assignable[scope.Key] = scope
                .Select(a => (Id: a.RoleDefinitionId[(a.RoleDefinitionId.LastIndexOf('/') + 1)..], a.RoleName))
                .DistinctBy(r => r.Id, StringComparer.OrdinalIgnoreCase)
                .ToImmutableSortedDictionary(r => r.Id, r => r.RoleName, StringComparer.Ordinal);
        }

        if (plan.Azure.AuditSink is { } sink)
        {
            // Audit sinks are written, never deleted: destroying the evidence stays with the bootstrap administrators.
            Add(Group(sink.ResourceGroup), "Microsoft.OperationalInsights/workspaces/read", "Microsoft.OperationalInsights/workspaces/write");
            if (sink.ImmutableStorage is not null)
            {
                Add(Group(sink.ResourceGroup), "Microsoft.Storage/storageAccounts/read", "Microsoft.Storage/storageAccounts/write");
            }

            Add(sink.ClusterResourceId, "Microsoft.Insights/diagnosticSettings/read", "Microsoft.Insights/diagnosticSettings/write");
        }
    }
}
