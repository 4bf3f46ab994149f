using System.Collections.Immutable;
using Infra.Access.Planning;
using Pulumi;
using Pulumi.AzureNative.Authorization;
using Pulumi.AzureNative.Authorization.Inputs;

namespace Infra.Components.Azure;

/// <summary>The environment plan whose Azure declarations an <see cref="AzureAccess"/> registers.</summary>
public sealed class AzureAccessArgs
{
    /// <summary>The core's plan, after the guardrails passed (see <c>Infra.Components.Validation.EnvironmentGate</c>).</summary>
    public required Plan Plan { get; init; }
}

/// <summary>
/// The Azure side of one environment: the custom role definitions (shared by the stages that use
/// the same capability, so they live here rather than in one stage), an
/// <see cref="AzureStageIdentity"/> per stage that touches Azure, and the <see cref="AksAuditSink"/>.
/// </summary>
public sealed class AzureAccess : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:AzureAccess";

    /// <summary>Registers the plan's Azure declarations exactly as planned.</summary>
    /// <param name="name">The component's name; <c>&lt;environment&gt;-azure</c> by convention.</param>
    /// <param name="args">The plan.</param>
    /// <param name="options">Component options (an explicit azure-native provider...), passed down to every child.</param>
    public AzureAccess(string name, AzureAccessArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var azure = args.Plan.Azure;
        var roleDefinitions = azure.RoleDefinitions
            .Select(d => new RoleDefinition(d.RoleName, DefinitionArgs(d), new CustomResourceOptions { Parent = this }))
            .ToImmutableArray<Resource>();
        foreach (var identity in azure.ManagedIdentities)
        {
            _ = new AzureStageIdentity($"{identity.Owner.Subject}", new AzureStageIdentityArgs
            {
                Plan = args.Plan,
                Identity = identity.Name,
                RoleDefinitions = roleDefinitions,
            }, new ComponentResourceOptions { Parent = this });
        }

        if (azure.AuditSink is { } sink)
        {
            _ = new AksAuditSink(sink.WorkspaceName, new AksAuditSinkArgs { Sink = sink }, new ComponentResourceOptions { Parent = this });
        }

        ManagedIdentities = Output.Create(azure.ManagedIdentities.Select(m => m.Name).ToImmutableArray());
        RoleDefinitions = Output.Create(azure.RoleDefinitions.Select(d => d.RoleName).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The stages' user-assigned managed identities.</summary>
    [Output("managedIdentities")]
    public Output<ImmutableArray<string>> ManagedIdentities { get; }

    /// <summary>The custom role definitions.</summary>
    [Output("roleDefinitions")]
    public Output<ImmutableArray<string>> RoleDefinitions { get; }

    /// <summary>True when the plan declares anything in Azure (an environment without an azure section declares nothing).</summary>
    public static bool HasDeclarations(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return !plan.Azure.ManagedIdentities.IsEmpty || !plan.Azure.RoleDefinitions.IsEmpty || plan.Azure.AuditSink is not null;
    }

    private static RoleDefinitionArgs DefinitionArgs(RoleDefinitionDeclaration role)
    {
        var permission = new PermissionArgs { Actions = role.Actions, DataActions = role.DataActions };
        return new RoleDefinitionArgs
        {
            // The GUID comes from the plan, so the definition keeps its id across runs and machines.
            RoleDefinitionId = role.Id,
            RoleName = role.RoleName,
            Description = role.Description,
            Scope = role.Scope,
            AssignableScopes = role.AssignableScopes,
            Permissions = { permission },
        };
    }
}
