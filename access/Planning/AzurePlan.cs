using System.Collections.Immutable;

namespace Infra.Access.Planning;

public sealed record AzurePlan(
    ImmutableArray<ManagedIdentityDeclaration> ManagedIdentities,
    ImmutableArray<FederatedCredentialDeclaration> FederatedCredentials,
    ImmutableArray<RoleDefinitionDeclaration> RoleDefinitions,
    ImmutableArray<RoleAssignmentDeclaration> RoleAssignments,
    AuditSinkDeclaration? AuditSink);

public sealed record ManagedIdentityDeclaration(
    string Name,
    string ResourceGroup,
    string Location,
    ImmutableSortedDictionary<string, string> Tags,
    Owner Owner);

public sealed record FederatedCredentialDeclaration(
    string Name,
    string IdentityName,
    string ResourceGroup,
    string Issuer,
    string Subject,
    ImmutableArray<string> Audiences,
    Owner Owner);

/// <summary>A custom role with exact actions; <see cref="Id"/> is a stable GUID derived from its scope and name.</summary>
public sealed record RoleDefinitionDeclaration(
    string Id,
    string RoleName,
    string Description,
    string Scope,
    ImmutableArray<string> AssignableScopes,
    ImmutableArray<string> Actions,
    ImmutableArray<string> DataActions,
    Owner Owner)
{
    /// <summary>The full ARM id a role assignment refers to.</summary>
    public string ResourceId(string subscriptionId) =>
        $"/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/{Id}";
}

/// <summary>
/// A role assignment of a stage's managed identity at one resource, narrowed by an ABAC
/// <see cref="Condition"/> to the named repositories.
/// </summary>
public sealed record RoleAssignmentDeclaration(
    string Name,
    string IdentityName,
    string RoleName,
    string RoleDefinitionId,
    string Scope,
    string PrincipalType,
    ImmutableArray<string> Repositories,
    string Condition,
    string ConditionVersion,
    Owner Owner);

/// <summary>Where the cluster's audit logs go: a workspace, and in production write-once storage.</summary>
public sealed record AuditSinkDeclaration(
    string ResourceGroup,
    string Location,
    string WorkspaceName,
    string WorkspaceSku,
    int RetentionDays,
    string DiagnosticSettingName,
    string ClusterResourceId,
    ImmutableArray<string> Categories,
    ImmutableStorageDeclaration? ImmutableStorage,
    Owner Owner);

/// <summary>
/// A storage account with version-level immutability, locked for the retention period. Audit
/// records are evidence: no anonymous blob reads, HTTPS only.
/// </summary>
public sealed record ImmutableStorageDeclaration(
    string AccountName,
    int RetentionDays,
    string PolicyState,
    string Kind,
    string Sku,
    bool AllowBlobPublicAccess,
    bool HttpsTrafficOnly);
