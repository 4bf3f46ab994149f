using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rules.Isolation;

namespace Infra.Access.Diff;

/// <summary>
/// What one version of an environment reaches, as comparison keys (<see cref="SharedKeys"/>): its
/// cluster, its Vault server and mounts, and the Azure scopes its role assignments name. The diff
/// judges a non-production row against the production environments' targets: a grant on a
/// production registry, cluster, Vault mount or scope is production, whichever file declares it.
/// </summary>
internal sealed class DiffTargets
{
    private readonly HashSet<string> _clusters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vaultAddresses = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vaultMounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _azureIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _subscriptions = new(StringComparer.OrdinalIgnoreCase);

    // Short row scope (the resource name the matrix shows) -> the full ARM scopes it stands for.
    private readonly Dictionary<string, HashSet<string>> _scopes = new(StringComparer.Ordinal);

    private DiffTargets()
    {
    }

    /// <summary>
    /// Where the environment's identities act, as the definition names it: the cluster (id and API
    /// server), the Vault server and the registry; empty when the side was built without settings.
    /// Moving any of them moves every grant to another system with no grant row changing.
    /// </summary>
    public IReadOnlyList<(string Field, string Value, string Key)> Endpoints { get; private set; } = [];

    /// <summary>The targets of a plan; <paramref name="settings"/> adds what the plan does not carry (cluster, Vault address, registry).</summary>
    public static DiffTargets Of(Plan plan, EnvironmentSettings? settings)
    {
        var targets = new DiffTargets();
        // Thousands of paths and assignments name a handful of mounts and scopes: each raw mount and
        // scope is normalised once (every target is a set, so skipping a repeat changes nothing).
        var mounts = new HashSet<string>(StringComparer.Ordinal);
        var mountLookup = mounts.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var policy in plan.Vault.Policies)
        {
            foreach (var rule in policy.Paths)
            {
                // "/kv-prod/data/x" is kv-prod too: the mount is the first non-empty segment.
                var path = rule.Path.AsSpan().TrimStart('/');
                var slash = path.IndexOf('/');
                var mount = slash < 0 ? path : path[..slash];
                if (mountLookup.Add(mount))
                {
                    targets._vaultMounts.Add(SharedKeys.VaultPath(mount.ToString()));
                }
            }
        }

        foreach (var role in plan.Vault.KubernetesSecretRoles)
        {
            if (mounts.Add(role.Backend))
            {
                targets._vaultMounts.Add(SharedKeys.VaultPath(role.Backend));
            }
        }

        var scopes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assignment in plan.Azure.RoleAssignments)
        {
            if (!scopes.Add(assignment.Scope))
            {
                continue;
            }

            var key = SharedKeys.ArmId(assignment.Scope);
            targets._azureIds.Add(key);
            var name = assignment.Scope[(assignment.Scope.LastIndexOf('/') + 1)..];
            if (!targets._scopes.TryGetValue(name, out var full))
            {
                targets._scopes[name] = full = new HashSet<string>(StringComparer.Ordinal);
            }

            full.Add(key);
            if (SharedKeys.SubscriptionOf(assignment.Scope) is { } subscription)
            {
                targets._subscriptions.Add(subscription);
            }
        }

        if (settings is not null)
        {
            targets.Endpoints =
            [
                ("cluster", settings.Cluster.ResourceId, SharedKeys.ArmId(settings.Cluster.ResourceId)),
                ("cluster api server", settings.Cluster.ApiServerUrl, SharedKeys.Endpoint(settings.Cluster.ApiServerUrl)),
                ("vault address", settings.Vault.Address, SharedKeys.Endpoint(settings.Vault.Address)),
                .. settings.Azure?.Registry is { } r ? [("registry", r.Id, SharedKeys.ArmId(r.Id))] : Array.Empty<(string, string, string)>(),
            ];
            targets._clusters.Add(SharedKeys.ArmId(settings.Cluster.ResourceId));
            targets._clusters.Add(SharedKeys.Endpoint(settings.Cluster.ApiServerUrl));
            targets._azureIds.Add(SharedKeys.ArmId(settings.Cluster.ResourceId));
            targets._vaultAddresses.Add(SharedKeys.Endpoint(settings.Vault.Address));
            foreach (var mount in settings.Vault.SecretMounts.Append(settings.Vault.KubernetesSecretsPath))
            {
                targets._vaultMounts.Add(SharedKeys.VaultPath(mount));
            }

            if (settings.Azure is { } azure)
            {
                targets._subscriptions.Add(azure.SubscriptionId);
                if (azure.Registry is { } registry)
                {
                    targets._azureIds.Add(SharedKeys.ArmId(registry.Id));
                }
            }
        }

        return targets;
    }

    /// <summary>The union of the production environments' targets.</summary>
    public static DiffTargets Union(IEnumerable<DiffTargets> all)
    {
        var union = new DiffTargets();
        foreach (var targets in all)
        {
            union._clusters.UnionWith(targets._clusters);
            union._vaultAddresses.UnionWith(targets._vaultAddresses);
            union._vaultMounts.UnionWith(targets._vaultMounts);
            union._azureIds.UnionWith(targets._azureIds);
            union._subscriptions.UnionWith(targets._subscriptions);
        }

        return union;
    }

    public bool IsEmpty => _clusters.Count + _vaultAddresses.Count + _vaultMounts.Count + _azureIds.Count + _subscriptions.Count == 0;

    /// <summary>
    /// Whether a row of this side lands on one of <paramref name="production"/>'s targets: a Kubernetes
    /// row on its cluster; a Vault row on its Vault server or inside one of its mounts; an Azure row
    /// whose scope equals, contains or lies inside one of its ids, or lies in its subscription.
    /// </summary>
    public bool Reaches(RowChange row, DiffTargets production) => row.System switch
    {
        AccessMatrix.Kubernetes => _clusters.Overlaps(production._clusters),
        AccessMatrix.Vault => _vaultAddresses.Overlaps(production._vaultAddresses)
            || Inside(SharedKeys.VaultPath(row.Resource), production._vaultMounts),
        AccessMatrix.Azure => _scopes.TryGetValue(row.Scope, out var scopes)
            && scopes.Any(scope => Inside(scope, production._azureIds) || production._azureIds.Any(id => id.StartsWith(scope + "/", StringComparison.Ordinal))
                || (SharedKeys.SubscriptionOf(scope) is { } subscription && production._subscriptions.Any(s => SharedKeys.SameSubscription(s, subscription)))),
        _ => false,
    };

    /// <summary>Whether an endpoint key of another environment is one of these targets (a cluster, Vault server or Azure id of this one).</summary>
    public bool Holds(string key) => _clusters.Contains(key) || _vaultAddresses.Contains(key) || Inside(key, _azureIds);

    /// <summary>Whether a key equals one of <paramref name="outer"/> or lies under one (at a <c>/</c>).</summary>
    private static bool Inside(string key, HashSet<string> outer)
    {
        if (outer.Contains(key))
        {
            return true;
        }

        // From the second character: an ARM key starts with '/', and "" is no scope.
        for (var i = key.Length < 2 ? -1 : key.IndexOf('/', 1); i > 0; i = key.IndexOf('/', i + 1))
        {
            if (outer.Contains(key[..i]))
            {
                return true;
            }
        }

        return false;
    }
}
