using System.Collections.Frozen;
using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;

namespace Infra.Access.Catalog;

/// <summary>
/// The one answer to "does this grant change something?", for every system. The planner (approval
/// gating), the guardrails, the diff's risk marking and the catalog's docs all ask here, so a
/// capability cannot be called read-only while it grants a write, and no copy of a verb list can
/// drift from another.
/// </summary>
/// <remarks>
/// Each system is judged by a closed list of what only reads; anything else writes. A new verb, a
/// custom verb (<c>use</c>, <c>bind</c>, <c>escalate</c>, <c>impersonate</c>, <c>approve</c>,
/// <c>sign</c>), a wildcard or a capability Vault adds later is a write until someone proves otherwise.
/// </remarks>
public static class WriteAccess
{
    /// <summary>Kubernetes verbs that only read. <c>proxy</c>, <c>exec</c>-style subresource verbs and <c>*</c> are writes.</summary>
    private static readonly FrozenSet<string> KubernetesReads = FrozenSet.ToFrozenSet(["get", "list", "watch"], StringComparer.Ordinal);

    /// <summary>
    /// Vault policy capabilities that change nothing: <c>deny</c> grants nothing and <c>subscribe</c>
    /// receives events. <c>create</c>, <c>update</c>, <c>patch</c>, <c>delete</c>, <c>sudo</c> and
    /// <c>recover</c> write; <c>update</c> on a secrets engine's <c>creds/</c> path mints a credential
    /// (see <see cref="MintsCredential"/>).
    /// </summary>
    private static readonly FrozenSet<string> VaultReads = FrozenSet.ToFrozenSet(["read", "list", "deny", "subscribe"], StringComparer.Ordinal);

    // Writing one of these writes a pod template: serviceAccountName, automountServiceAccountToken,
    // volumes (any Secret of the namespace), security context and image included. Create, patch and
    // update write it; RBAC cannot narrow a grant to fields.
    private static readonly string[] PodTemplateResources = ["cronjobs", "daemonsets", "deployments", "jobs", "pods", "replicasets", "replicationcontrollers", "statefulsets"];
    private static readonly string[] PodTemplateVerbs = ["create", "patch", "update"];

    /// <summary>
    /// Whether an RBAC rule lets its holder change a pod template (deploy, restart and run-job do): then
    /// it can run a pod as any ServiceAccount of the namespace and mount any of its Secrets, unless
    /// admission policies hold the request to the capability. Wildcards count.
    /// </summary>
    public static bool ChangesPodTemplates(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return rule.Resources.Any(r => r == "*" || PodTemplateResources.Contains(r)) && rule.Verbs.Any(v => v == "*" || PodTemplateVerbs.Contains(v));
    }

    /// <summary>Whether a Kubernetes RBAC verb changes objects: anything but get, list and watch.</summary>
    public static bool IsKubernetesWrite(string verb) => !KubernetesReads.Contains(verb);

    /// <summary>Whether a Vault policy capability changes something: anything but read, list, subscribe and deny.</summary>
    public static bool IsVaultWrite(string capability) => !VaultReads.Contains(capability);

    /// <summary>
    /// Whether an Azure action or data action changes something: anything that does not end in
    /// <c>/read</c> (so <c>/write</c>, <c>/delete</c>, <c>/action</c> and wildcards). Azure compares
    /// operation names case-insensitively, and so does this.
    /// </summary>
    public static bool IsAzureWrite(string action) => !action.EndsWith("/read", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="action"/> of <paramref name="system"/> writes.</summary>
    public static bool IsWrite(CapabilitySystem system, string action) => system switch
    {
        CapabilitySystem.Kubernetes => IsKubernetesWrite(action),
        CapabilitySystem.Vault => IsVaultWrite(action),
        CapabilitySystem.Azure => IsAzureWrite(action),
        _ => true,
    };

    /// <summary>
    /// Whether a row of the access matrix writes: the diff's write risk and who-can's <c>write</c> ask
    /// this. <paramref name="mintsCredential"/> says the row is on a Kubernetes secrets engine mount,
    /// whose <c>update</c> mints a token: the Kubernetes rows it unlocks are judged on their own.
    /// </summary>
    public static bool IsWrite(AccessRow row, bool mintsCredential)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.System switch
        {
            AccessMatrix.Kubernetes => IsKubernetesWrite(row.Action),
            AccessMatrix.Vault => !mintsCredential && IsVaultWrite(row.Action),
            AccessMatrix.Azure => IsAzureWrite(row.Action),
            _ => true,
        };
    }

    /// <summary>
    /// Whether a Vault path of a Kubernetes secrets engine mount (<paramref name="backend"/>) is one of
    /// its <c>creds/&lt;role&gt;</c> endpoints, where <c>update</c> mints a ServiceAccount token: the token's
    /// rights are the Role's, judged there, so the path is a credential, not a secret write. Any other
    /// path on the engine (<c>roles/</c>, <c>config</c>, deeper paths) is not.
    /// </summary>
    public static bool MintsCredential(string path, string backend) =>
        VaultTopology.IsUnder(path, backend) && VaultTopology.Below(path, backend) is ["creds", _];

    /// <summary>Whether any grant of the capability's templates writes: what <see cref="Capability.Writes"/> answers.</summary>
    public static bool Writes(Capability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        // Lambdas, not method groups: their delegates are cached, a method group's is built per call.
        return capability.KubernetesRules.Any(r => r.Verbs.Any(v => IsKubernetesWrite(v)))
            || capability.VaultCapabilities.Any(c => IsVaultWrite(c))
            || (capability.AzureRole is { } role && role.DataActions.Any(a => IsAzureWrite(a)));
    }

    /// <summary>
    /// The subjects (<c>pipeline/stage</c>) the plan lets write anything, in any system: see
    /// <see cref="Writers(Plan, CapabilitySystem)"/>.
    /// </summary>
    public static IReadOnlySet<string> Writers(Plan plan)
    {
        var writers = new HashSet<string>(StringComparer.Ordinal);
        foreach (var system in Enum.GetValues<CapabilitySystem>())
        {
            writers.UnionWith(Writers(plan, system));
        }

        return writers;
    }

    /// <summary>
    /// The subjects (<c>pipeline/stage</c>) the plan lets write in one system: a Role rule with a write
    /// verb, a Vault path with a write capability (minting credentials aside), or an Azure role assignment
    /// whose definition holds a write action or data action (or that the plan does not define). Read from
    /// the plan's grants, not from what the planner said about the stage, so a rule built on it also
    /// catches a planner that misjudged a stage.
    /// </summary>
    public static IReadOnlySet<string> Writers(Plan plan, CapabilitySystem system)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var writers = new HashSet<string>(StringComparer.Ordinal);
        switch (system)
        {
            case CapabilitySystem.Kubernetes:
                foreach (var role in plan.Kubernetes.Roles)
                {
                    if (role.Rules.Any(r => r.Verbs.Any(v => IsKubernetesWrite(v))))
                    {
                        writers.Add(role.Owner.Subject);
                    }
                }

                break;
            case CapabilitySystem.Vault:
                var backends = plan.Vault.KubernetesSecretRoles.Select(r => r.Backend).Distinct(StringComparer.Ordinal).ToList();
                foreach (var policy in plan.Vault.Policies)
                {
                    if (policy.Paths.Any(p => p.Capabilities.Any(c => IsVaultWrite(c)) && !backends.Any(b => MintsCredential(p.Path, b))))
                    {
                        writers.Add(policy.Owner.Subject);
                    }
                }

                break;
            default:
                // An assignment of a role the plan does not define cannot be shown to only read, so it writes.
                var readOnlyRoles = plan.Azure.RoleDefinitions
                    .Where(d => !d.DataActions.Any(a => IsAzureWrite(a)) && !d.Actions.Any(a => IsAzureWrite(a)))
                    .Select(d => d.RoleName)
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var assignment in plan.Azure.RoleAssignments)
                {
                    if (!readOnlyRoles.Contains(assignment.RoleName))
                    {
                        writers.Add(assignment.Owner.Subject);
                    }
                }

                break;
        }

        return writers;
    }
}
