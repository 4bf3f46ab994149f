using System.Collections.Immutable;

namespace Infra.Access.Planning;

public sealed record VaultPlan(
    ImmutableArray<VaultPolicyDeclaration> Policies,
    ImmutableArray<JwtRoleDeclaration> JwtRoles,
    ImmutableArray<KubernetesSecretRoleDeclaration> KubernetesSecretRoles,
    ImmutableArray<AuditDeviceDeclaration> AuditDevices);

public sealed record VaultPolicyDeclaration(string Name, ImmutableArray<VaultPathRule> Paths, Owner Owner);

public sealed record VaultPathRule(string Path, ImmutableArray<string> Capabilities);

/// <summary>
/// A JWT auth role for CI. TTLs are in seconds. <see cref="BoundClaims"/> pins repository,
/// CI environment and, when configured, ref; claims are compared as exact strings.
/// </summary>
public sealed record JwtRoleDeclaration(
    string Name,
    string Backend,
    string RoleType,
    string UserClaim,
    ImmutableArray<string> BoundAudiences,
    string BoundSubject,
    ImmutableSortedDictionary<string, string> BoundClaims,
    string BoundClaimsType,
    int TokenTtl,
    int TokenMaxTtl,
    int TokenExplicitMaxTtl,
    ImmutableArray<string> TokenPolicies,
    bool TokenNoDefaultPolicy,
    Owner Owner);

/// <summary>A role of Vault's Kubernetes secrets engine: mints short-lived tokens for one existing ServiceAccount.</summary>
public sealed record KubernetesSecretRoleDeclaration(
    string Name,
    string Backend,
    ImmutableArray<string> AllowedKubernetesNamespaces,
    string ServiceAccountName,
    int TokenDefaultTtl,
    int TokenMaxTtl,
    Owner Owner);

public sealed record AuditDeviceDeclaration(string Path, string Type, ImmutableSortedDictionary<string, string> Options, Owner Owner);
