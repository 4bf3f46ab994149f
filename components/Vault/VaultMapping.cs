using Infra.Access.Planning;
using Infra.Access.Rendering;
using Pulumi.Vault;
using JwtArgs = Pulumi.Vault.Jwt.AuthBackendRoleArgs;
using SecretRoleArgs = Pulumi.Vault.Kubernetes.SecretBackendRoleArgs;

namespace Infra.Components.Vault;

/// <summary>Plan declarations to Pulumi.Vault args, field for field; TTLs stay in seconds.</summary>
internal static class VaultMapping
{
    /// <summary>The Pulumi name of an object under a Vault mount: <c>mount/name</c>.</summary>
    public static string ResourceName(string mount, string name) => $"{mount}/{name}";

    /// <summary>The policy's HCL is the core renderer's text, so <c>access render</c> and the stack agree byte for byte.</summary>
    public static PolicyArgs Policy(VaultPolicyDeclaration policy) => new()
    {
        Name = policy.Name,
        PolicyContents = VaultRenderer.PolicyHcl(policy),
    };

    public static JwtArgs JwtRole(JwtRoleDeclaration role) => new()
    {
        Backend = role.Backend,
        RoleName = role.Name,
        RoleType = role.RoleType,
        UserClaim = role.UserClaim,
        BoundAudiences = role.BoundAudiences,
        BoundSubject = role.BoundSubject,
        BoundClaims = role.BoundClaims.ToDictionary(StringComparer.Ordinal),
        BoundClaimsType = role.BoundClaimsType,
        TokenTtl = role.TokenTtl,
        TokenMaxTtl = role.TokenMaxTtl,
        TokenExplicitMaxTtl = role.TokenExplicitMaxTtl,
        TokenPolicies = role.TokenPolicies,
        TokenNoDefaultPolicy = role.TokenNoDefaultPolicy,
    };

    public static SecretRoleArgs KubernetesSecretRole(KubernetesSecretRoleDeclaration role) => new()
    {
        Backend = role.Backend,
        Name = role.Name,
        AllowedKubernetesNamespaces = role.AllowedKubernetesNamespaces,
        ServiceAccountName = role.ServiceAccountName,
        TokenDefaultTtl = role.TokenDefaultTtl,
        TokenMaxTtl = role.TokenMaxTtl,
    };

    public static AuditArgs AuditDevice(AuditDeviceDeclaration device) => new()
    {
        Path = device.Path,
        Type = device.Type,
        Options = device.Options.ToDictionary(StringComparer.Ordinal),
    };
}
