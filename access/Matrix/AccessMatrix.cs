using System.Collections.Immutable;
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
        var rows = new List<AccessRow>();
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
            var identity = binding.Owner.Subject;
            foreach (var rule in role.Rules)
            {
                foreach (var resource in KubernetesResources(rule))
                {
                    foreach (var verb in rule.Verbs)
                    {
                        rows.Add(new AccessRow(env, identity, Kubernetes, binding.Namespace, resource, verb));
                    }
                }
            }
        }

        var policies = plan.Vault.Policies.ToLookup(p => p.Name, StringComparer.Ordinal);
        foreach (var jwtRole in plan.Vault.JwtRoles)
        {
            // In plan order, as the scan over the policies gave them.
            var granted = jwtRole.TokenPolicies.Distinct(StringComparer.Ordinal).SelectMany(name => policies[name]);
            var identity = jwtRole.Owner.Subject;
            foreach (var policy in granted)
            {
                foreach (var path in policy.Paths)
                {
                    var mount = path.Path.Split('/')[0];
                    foreach (var capability in path.Capabilities)
                    {
                        rows.Add(new AccessRow(env, identity, Vault, mount, path.Path, capability));
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
            var identity = assignment.Owner.Subject;
            foreach (var repository in assignment.Repositories)
            {
                var resource = $"repositories/{repository}";
                foreach (var action in actions)
                {
                    rows.Add(new AccessRow(env, identity, Azure, scope, resource, action));
                }
            }
        }

        rows.Sort();
        var unique = ImmutableArray.CreateBuilder<AccessRow>(rows.Count);
        foreach (var row in rows)
        {
            // A row granted twice (two rules, two policies) is one row.
            if (unique.Count == 0 || unique[^1].CompareTo(row) != 0)
            {
                unique.Add(row);
            }
        }

        return unique.DrainToImmutable();
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
}
