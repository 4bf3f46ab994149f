using System.Collections.Immutable;
using Infra.Access.Planning;
using Pulumi;
using Pulumi.AzureNative.Authorization;
using Pulumi.AzureNative.ManagedIdentity;

namespace Infra.Components.Azure;

/// <summary>Which managed identity of a plan an <see cref="AzureStageIdentity"/> registers.</summary>
public sealed class AzureStageIdentityArgs
{
    /// <summary>The core's plan, after the guardrails passed.</summary>
    public required Plan Plan { get; init; }

    /// <summary>The managed identity's name in the plan, e.g. <c>id-ci-staging-payments-api-build</c>.</summary>
    public required string Identity { get; init; }

    /// <summary>The role definitions the assignments refer to; the assignments are created after them.</summary>
    public IReadOnlyList<Resource> RoleDefinitions { get; init; } = [];
}

/// <summary>
/// A stage's Azure identity: a user-assigned managed identity, the federated credential that lets
/// exactly the stage's CI subject sign in as it, and its role assignments on single resources,
/// narrowed by an ABAC condition to the named repositories.
/// </summary>
public sealed class AzureStageIdentity : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:AzureStageIdentity";

    /// <summary>Registers the identity, its federated credential and its role assignments from the plan.</summary>
    /// <param name="name">The component's name; <c>pipeline/stage</c> by convention.</param>
    /// <param name="args">The plan and the identity to register.</param>
    /// <param name="options">Component options, passed down to every child.</param>
    public AzureStageIdentity(string name, AzureStageIdentityArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var azure = args.Plan.Azure;
        var declaration = azure.ManagedIdentities.Single(m => m.Name == args.Identity);
        var identity = new UserAssignedIdentity(declaration.Name, new UserAssignedIdentityArgs
        {
            ResourceName = declaration.Name,
            ResourceGroupName = declaration.ResourceGroup,
            Location = declaration.Location,
            Tags = declaration.Tags.ToDictionary(StringComparer.Ordinal),
        }, new CustomResourceOptions { Parent = this });

        var credentials = azure.FederatedCredentials.Where(c => c.IdentityName == declaration.Name).ToImmutableArray();
        foreach (var credential in credentials)
        {
            _ = new FederatedIdentityCredential($"{declaration.Name}/{credential.Name}", new FederatedIdentityCredentialArgs
            {
                FederatedIdentityCredentialResourceName = credential.Name,
                ResourceName = credential.IdentityName,
                ResourceGroupName = credential.ResourceGroup,
                Issuer = credential.Issuer,
                Subject = credential.Subject,
                Audiences = credential.Audiences,
            }, new CustomResourceOptions { Parent = this, DependsOn = { identity } });
        }

        var assignments = azure.RoleAssignments.Where(a => a.IdentityName == declaration.Name).ToImmutableArray();
        foreach (var assignment in assignments)
        {
            _ = new RoleAssignment($"{declaration.Name}/{assignment.RoleName}", new RoleAssignmentArgs
            {
                RoleAssignmentName = assignment.Name,
                PrincipalId = identity.PrincipalId,
                PrincipalType = assignment.PrincipalType,
                RoleDefinitionId = assignment.RoleDefinitionId,
                Scope = assignment.Scope,
                Condition = assignment.Condition,
                ConditionVersion = assignment.ConditionVersion,
            }, new CustomResourceOptions { Parent = this, DependsOn = args.RoleDefinitions.ToArray() });
        }

        IdentityName = Output.Create(declaration.Name);
        ClientId = identity.ClientId;
        PrincipalId = identity.PrincipalId;
        FederatedCredentials = Output.Create(credentials.Select(c => c.Name).ToImmutableArray());
        RoleAssignments = Output.Create(assignments.Select(a => $"{a.RoleName} on {a.Scope}").ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The managed identity's name.</summary>
    [Output("identityName")]
    public Output<string> IdentityName { get; }

    /// <summary>The identity's client id: what CI passes to <c>azure/login</c>.</summary>
    [Output("clientId")]
    public Output<string> ClientId { get; }

    /// <summary>The identity's principal (object) id.</summary>
    [Output("principalId")]
    public Output<string> PrincipalId { get; }

    /// <summary>The federated credentials' names (none for paused pipelines).</summary>
    [Output("federatedCredentials")]
    public Output<ImmutableArray<string>> FederatedCredentials { get; }

    /// <summary>The role assignments, as <c>role on scope</c>.</summary>
    [Output("roleAssignments")]
    public Output<ImmutableArray<string>> RoleAssignments { get; }
}
