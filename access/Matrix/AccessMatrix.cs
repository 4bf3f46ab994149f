using System.Collections.Immutable;
using Infra.Access.Deployer;
using Infra.Access.Planning;

namespace Infra.Access.Matrix;

/// <summary>
/// The plan flattened to what identities can actually do: only grants that are bound to a live
/// identity count (a Role without a RoleBinding, or a Vault policy no auth role carries, grants nothing).
/// </summary>
public static class AccessMatrix
{
    public const string Kubernetes = "kubernetes";
    public const string Vault = "vault";
    public const string Azure = "azure";

    public static ImmutableArray<AccessRow> Build(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        // Collected, then sorted and deduplicated once: cheaper than keeping a sorted set of a hundred thousand rows.
        var rows = new RowsByIdentity();
        var env = plan.Environment;

        // Lookups by key, not scans: a catalog of thousands of stages has thousands of roles and policies.
        var roles = Keyed.FirstByKey(plan.Kubernetes.Roles, r => (r.Namespace, r.Name));
        foreach (var binding in plan.Kubernetes.RoleBindings)
        {
            if (!roles.TryGetValue((binding.Namespace, binding.RoleRef.Name), out var role) || binding.Owner.Stage is null)
            {
                continue;
            }

            // Owner.Subject builds a string each time: once per binding, not once per row.
            var held = rows.Of(env, binding.Owner.Subject);
            foreach (var rule in role.Rules)
            {
                foreach (var resource in KubernetesResources(rule))
                {
                    foreach (var verb in rule.Verbs)
                    {
                        held.Add(new AccessRow(env, held.Identity, Kubernetes, binding.Namespace, resource, verb));
                    }
                }
            }
        }

        var policies = plan.Vault.Policies.ToLookup(p => p.Name, StringComparer.Ordinal);
        foreach (var jwtRole in plan.Vault.JwtRoles)
        {
            // A policy listed twice only repeats rows, which the sort below folds into one.
            var held = rows.Of(env, jwtRole.Owner.Subject);
            foreach (var policy in jwtRole.TokenPolicies.SelectMany(name => policies[name]))
            {
                foreach (var path in policy.Paths)
                {
                    var slash = path.Path.IndexOf('/', StringComparison.Ordinal);
                    var mount = slash < 0 ? path.Path : path.Path[..slash];
                    foreach (var capability in path.Capabilities)
                    {
                        held.Add(new AccessRow(env, held.Identity, Vault, mount, path.Path, capability));
                    }
                }
            }
        }

        var definitions = plan.Azure.RoleDefinitions.ToDictionary(d => d.RoleName, StringComparer.Ordinal);
        foreach (var assignment in plan.Azure.RoleAssignments)
        {
            var scope = assignment.Scope[(assignment.Scope.LastIndexOf('/') + 1)..];
            var actions = definitions.TryGetValue(assignment.RoleName, out var definition)
                ? definition.Actions.Concat(definition.DataActions)
                : [assignment.RoleName];
            var held = rows.Of(env, assignment.Owner.Subject);
            foreach (var repository in assignment.Repositories)
            {
                var resource = $"repositories/{repository}";
                foreach (var action in actions)
                {
                    held.Add(new AccessRow(env, held.Identity, Azure, scope, resource, action));
                }
            }
        }

        foreach (var deployer in plan.Deployers)
        {
            AddDeployer(rows.Of(env, deployer.Id), env, deployer);
        }

        return rows.SortedUnique();
    }

    /// <summary>The scope of a deployer's cluster-scoped Kubernetes rows (namespaces, admission policies).</summary>
    public const string ClusterScope = "cluster";

    /// <summary>
    /// A deployer's rows, like any identity's: so `access explain deployer`, who-can and the diff see it,
    /// and a widening of the deployer is production growth. A conditioned role-assignment action reads
    /// one row per role it may assign (<c>&lt;role&gt;:assigns:&lt;assignable role&gt;</c>): assigning one more role is a gained row.
    /// </summary>
    private static void AddDeployer(HeldRows held, string env, DeployerRights deployer)
    {
        foreach (var role in deployer.KubernetesRoles)
        {
            var scope = role.Kind == "ClusterRole" ? ClusterScope : role.Namespace;
            foreach (var rule in role.Rules)
            {
                foreach (var resource in KubernetesResources(rule))
                {
                    foreach (var verb in rule.Verbs)
                    {
                        held.Add(new AccessRow(env, held.Identity, Kubernetes, scope, resource, verb));
                    }
                }
            }
        }

        foreach (var path in deployer.VaultPolicy.Paths)
        {
            var slash = path.Path.IndexOf('/', StringComparison.Ordinal);
            var mount = slash < 0 ? path.Path : path.Path[..slash];
            foreach (var capability in path.Capabilities)
            {
                held.Add(new AccessRow(env, held.Identity, Vault, mount, path.Path, capability));
            }
        }

        foreach (var role in deployer.AzureRoles)
        {
            var scope = role.Scope[(role.Scope.LastIndexOf('/') + 1)..];
            foreach (var action in role.Definition.Actions.Concat(role.Definition.DataActions))
            {
                var assigns = action.StartsWith("Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase) && !action.EndsWith("/read", StringComparison.OrdinalIgnoreCase);
                if (assigns && role.Condition is not null)
                {
                    foreach (var assignable in role.AssignableRoleNames)
                    {
                        held.Add(new AccessRow(env, held.Identity, Azure, scope, $"{role.Definition.RoleName}:assigns:{assignable}", action));
                    }
                }
                else
                {
                    held.Add(new AccessRow(env, held.Identity, Azure, scope, role.Definition.RoleName, action));
                }
            }
        }
    }

    /// <summary>How a rule reads in the matrix: <c>apps/deployments:web</c>, <c>core/pods/log</c>.</summary>
    public static IEnumerable<string> KubernetesResources(PolicyRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        foreach (var group in rule.ApiGroups)
        {
            var groupName = group.Length == 0 ? "core" : group;
            foreach (var resource in rule.Resources)
            {
                if (rule.ResourceNames.IsEmpty)
                {
                    yield return $"{groupName}/{resource}";
                }
                else
                {
                    foreach (var name in rule.ResourceNames)
                    {
                        yield return $"{groupName}/{resource}:{name}";
                    }
                }
            }
        }
    }

    /// <summary>The rows of one identity in one environment, as the matrix collects them.</summary>
    private sealed class HeldRows(string identity) : List<AccessRow>
    {
        public string Identity { get; } = identity;
    }

    /// <summary>
    /// The rows collected per identity, then put in order, each once (a row granted twice, by two
    /// rules or two policies, is one row). An identity holds a few dozen rows: sorting each
    /// identity's rows, then the identities, compares far less than sorting a hundred thousand
    /// rows as one list, and a binding, role or assignment finds its identity's rows once.
    /// </summary>
    private sealed class RowsByIdentity
    {
        private readonly Dictionary<(string Environment, string Identity), HeldRows> _held = [];

        public HeldRows Of(string environment, string identity)
        {
            if (!_held.TryGetValue((environment, identity), out var held))
            {
                _held[(environment, identity)] = held = new HeldRows(identity);
            }

            return held;
        }

        public ImmutableArray<AccessRow> SortedUnique()
        {
            var keys = _held.Keys.ToList();
            keys.Sort((a, b) =>
            {
                var c = string.CompareOrdinal(a.Environment, b.Environment);
                return c != 0 ? c : string.CompareOrdinal(a.Identity, b.Identity);
            });
            var unique = ImmutableArray.CreateBuilder<AccessRow>(_held.Values.Sum(h => h.Count));
            foreach (var key in keys)
            {
                var held = _held[key];
                held.Sort();
                for (var i = 0; i < held.Count; i++)
                {
                    if (i == 0 || held[i - 1].CompareTo(held[i]) != 0)
                    {
                        unique.Add(held[i]);
                    }
                }
            }

            return unique.DrainToImmutable();
        }
    }
}
