using System.Text;
using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>
/// Vault: one HCL policy file per stage, and the roles and audit devices as JSON in the field
/// names of Vault's HTTP API (what <c>vault write</c> takes).
/// </summary>
public static class VaultRenderer
{
    public static IEnumerable<RenderedFile> Render(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var policy in plan.Vault.Policies)
        {
            yield return new RenderedFile($"vault/policies/{policy.Name}.hcl", PolicyHcl(policy));
        }

        yield return new RenderedFile("vault/roles.json", Json.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["jwt_roles"] = plan.Vault.JwtRoles.Select(r => new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["backend"] = r.Backend,
                ["role_name"] = r.Name,
                ["role_type"] = r.RoleType,
                ["user_claim"] = r.UserClaim,
                ["bound_audiences"] = r.BoundAudiences,
                ["bound_subject"] = r.BoundSubject,
                ["bound_claims"] = r.BoundClaims,
                ["bound_claims_type"] = r.BoundClaimsType,
                ["token_ttl"] = r.TokenTtl,
                ["token_max_ttl"] = r.TokenMaxTtl,
                ["token_explicit_max_ttl"] = r.TokenExplicitMaxTtl,
                ["token_policies"] = r.TokenPolicies,
                ["token_no_default_policy"] = r.TokenNoDefaultPolicy,
            }).ToList(),
            ["kubernetes_secret_roles"] = plan.Vault.KubernetesSecretRoles.Select(r => new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["backend"] = r.Backend,
                ["name"] = r.Name,
                ["allowed_kubernetes_namespaces"] = r.AllowedKubernetesNamespaces,
                ["service_account_name"] = r.ServiceAccountName,
                ["token_default_ttl"] = r.TokenDefaultTtl,
                ["token_max_ttl"] = r.TokenMaxTtl,
            }).ToList(),
            ["audit_devices"] = plan.Vault.AuditDevices.Select(d => new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["path"] = d.Path,
                ["type"] = d.Type,
                ["options"] = d.Options,
            }).ToList(),
        }));
    }

    /// <summary>The policy in HCL, paths in order. Paths are exact by construction: no globs to escape.</summary>
    public static string PolicyHcl(VaultPolicyDeclaration policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var text = new StringBuilder();
        text.Append("# ").Append(policy.Name).Append(" (").Append(policy.Owner.Subject).Append(")\n");
        foreach (var path in policy.Paths)
        {
            text.Append("path \"").Append(path.Path).Append("\" {\n");
            text.Append("  capabilities = [").Append(string.Join(", ", path.Capabilities.Select(c => $"\"{c}\""))).Append("]\n");
            text.Append("}\n");
        }

        return text.ToString();
    }
}
