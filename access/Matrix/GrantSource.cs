using Infra.Access.Planning;

namespace Infra.Access.Matrix;

/// <summary>
/// Which declaration of the plan gives an identity a row of the matrix: the Kubernetes Role, the
/// Vault policy or the Azure role. The diff draws it between the identity and the resource, so a
/// reviewer sees which object to look at in <c>pulumi preview</c>.
/// </summary>
/// <remarks>
/// Built once per plan and keyed by identity: asking a plan of thousands of stages row by row
/// would otherwise scan every binding, policy and assignment per row. It keeps names (and the few
/// Azure assignments), not the plan, so the diff can hold it after the plan is dropped. Where several
/// declarations grant a row, the first in plan order names it.
/// </remarks>
public sealed class GrantSource
{
    // (namespace, identity) -> the Role of the first binding of that identity in that namespace.
    private readonly Dictionary<(string Namespace, string Identity), string> _roles = [];

    // (identity, secret path) -> the first policy, over the identity's JWT roles in plan order, that lists the path.
    private readonly Dictionary<(string Identity, string Path), string> _policies = [];

    private readonly Dictionary<string, List<RoleAssignmentDeclaration>> _assignments = new(StringComparer.Ordinal);

    // (deployer, scope name) -> the deployer's custom Azure role on that scope.
    private readonly Dictionary<(string Identity, string Scope), string> _deployerAzure = [];

    private GrantSource(Plan plan)
    {
        foreach (var binding in plan.Kubernetes.RoleBindings)
        {
            _roles.TryAdd((binding.Namespace, binding.Owner.Subject), binding.RoleRef.Name);
        }

        // Each JWT role grants the plan's policies whose name it lists, in plan order.
        var positions = plan.Vault.Policies.Select((policy, index) => (Policy: policy, Index: index)).ToLookup(p => p.Policy.Name, StringComparer.Ordinal);
        foreach (var jwtRole in plan.Vault.JwtRoles)
        {
            var identity = jwtRole.Owner.Subject;
            foreach (var (policy, _) in Granted(jwtRole, positions))
            {
                foreach (var path in policy.Paths)
                {
                    _policies.TryAdd((identity, path.Path), policy.Name);
                }
            }
        }

        // A deployer's rows name its own roles and policy: the bootstrap applies them, `pulumi up` does not.
        foreach (var deployer in plan.Deployers)
        {
            foreach (var role in deployer.KubernetesRoles)
            {
                _roles.TryAdd((role.Kind == "ClusterRole" ? AccessMatrix.ClusterScope : role.Namespace, deployer.Id), role.Kind == "ClusterRole" ? "ClusterRole " + role.Name : role.Name);
            }

            foreach (var path in deployer.VaultPolicy.Paths)
            {
                _policies.TryAdd((deployer.Id, path.Path), deployer.VaultPolicy.Name);
            }

            foreach (var role in deployer.AzureRoles)
            {
                _deployerAzure.TryAdd((deployer.Id, role.Scope[(role.Scope.LastIndexOf('/') + 1)..]), role.Definition.RoleName);
            }
        }

        foreach (var assignment in plan.Azure.RoleAssignments)
        {
            var identity = assignment.Owner.Subject;
            if (!_assignments.TryGetValue(identity, out var list))
            {
                _assignments[identity] = list = [];
            }

            list.Add(assignment);
        }
    }

    /// <summary>The plan's policies a JWT role lists, in plan order.</summary>
    private static IEnumerable<(VaultPolicyDeclaration Policy, int Index)> Granted(JwtRoleDeclaration role, ILookup<string, (VaultPolicyDeclaration Policy, int Index)> positions) =>
        // A role lists one policy nearly always, and the policies of one name are in plan order already.
        role.TokenPolicies.Length == 1
            ? positions[role.TokenPolicies[0]]
            : role.TokenPolicies.Distinct(StringComparer.Ordinal).SelectMany(name => positions[name]).OrderBy(p => p.Index);

    public static GrantSource For(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return new GrantSource(plan);
    }

    /// <summary>One row's source; to ask about many rows of one plan, build <see cref="For"/> once.</summary>
    public static string Of(Plan plan, AccessRow row) => For(plan).Of(row);

    public string Of(AccessRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.System switch
        {
            AccessMatrix.Kubernetes => _roles.TryGetValue((row.Scope, row.Identity), out var role)
                ? role.StartsWith("ClusterRole ", StringComparison.Ordinal) ? role : $"Role {row.Scope}/{role}"
                : row.System,
            AccessMatrix.Azure when _deployerAzure.TryGetValue((row.Identity, row.Scope), out var deployerRole) => $"Azure role {deployerRole}",
            AccessMatrix.Vault => _policies.TryGetValue((row.Identity, row.Resource), out var policy)
                ? $"Vault policy {policy}"
                : row.System,
            AccessMatrix.Azure => _assignments.GetValueOrDefault(row.Identity)?
                .FirstOrDefault(a => a.Scope.EndsWith("/" + row.Scope, StringComparison.Ordinal)
                    && a.Repositories.Any(r => "repositories/" + r == row.Resource)) is { } assignment
                ? $"Azure role {assignment.RoleName}"
                : row.System,
            _ => row.System,
        };
    }
}
