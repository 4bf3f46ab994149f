using Infra.Access.Planning;

namespace Infra.Access.Matrix;

/// <summary>
/// Which declaration of the plan gives an identity a row of the matrix: the Kubernetes Role, the
/// Vault policy or the Azure role. The diff draws it between the identity and the resource, so a
/// reviewer sees which object to look at in <c>pulumi preview</c>.
/// </summary>
public static class GrantSource
{
    public static string Of(Plan plan, AccessRow row)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(row);
        return row.System switch
        {
            AccessMatrix.Kubernetes => plan.Kubernetes.RoleBindings
                .FirstOrDefault(b => b.Namespace == row.Scope && b.Owner.Subject == row.Identity) is { } binding
                ? $"Role {binding.Namespace}/{binding.RoleRef.Name}"
                : row.System,
            AccessMatrix.Vault => plan.Vault.JwtRoles
                .Where(r => r.Owner.Subject == row.Identity)
                .SelectMany(r => plan.Vault.Policies.Where(p => r.TokenPolicies.Contains(p.Name)))
                .FirstOrDefault(p => p.Paths.Any(path => path.Path == row.Resource)) is { } policy
                ? $"Vault policy {policy.Name}"
                : row.System,
            AccessMatrix.Azure => plan.Azure.RoleAssignments
                .FirstOrDefault(a => a.Owner.Subject == row.Identity && a.Scope.EndsWith("/" + row.Scope, StringComparison.Ordinal)
                    && a.Repositories.Any(r => "repositories/" + r == row.Resource)) is { } assignment
                ? $"Azure role {assignment.RoleName}"
                : row.System,
            _ => row.System,
        };
    }
}
