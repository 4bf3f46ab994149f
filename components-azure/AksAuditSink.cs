using System.Collections.Immutable;
using Infra.Access.Planning;
using Pulumi;
using Pulumi.AzureNative.Monitor;
using Pulumi.AzureNative.Monitor.Inputs;
using Pulumi.AzureNative.OperationalInsights;
using Pulumi.AzureNative.OperationalInsights.Inputs;
using Pulumi.AzureNative.Storage;
using Pulumi.AzureNative.Storage.Inputs;

namespace Infra.Components.Azure;

/// <summary>The audit sink an <see cref="AksAuditSink"/> registers.</summary>
public sealed class AksAuditSinkArgs
{
    /// <summary>The plan's audit sink (<c>Plan.Azure.AuditSink</c>).</summary>
    public required AuditSinkDeclaration Sink { get; init; }
}

/// <summary>
/// Where the cluster's audit logs go: a Log Analytics workspace with the plan's retention, a
/// diagnostic setting on the AKS cluster for the declared audit categories, and, in production,
/// a storage account with version-level immutability locked for the retention period.
/// </summary>
public sealed class AksAuditSink : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:AksAuditSink";

    /// <summary>Registers the workspace, the optional immutable storage and the diagnostic setting from the plan.</summary>
    /// <param name="name">The component's name; the workspace's name by convention.</param>
    /// <param name="args">The plan's audit sink.</param>
    /// <param name="options">Component options, passed down to every child.</param>
    public AksAuditSink(string name, AksAuditSinkArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var sink = args.Sink;
        var workspace = new Workspace(sink.WorkspaceName, new WorkspaceArgs
        {
            WorkspaceName = sink.WorkspaceName,
            ResourceGroupName = sink.ResourceGroup,
            Location = sink.Location,
            RetentionInDays = sink.RetentionDays,
            Sku = new WorkspaceSkuArgs { Name = sink.WorkspaceSku },
        }, new CustomResourceOptions { Parent = this });

        StorageAccount? storage = null;
        if (sink.ImmutableStorage is { } immutable)
        {
            storage = new StorageAccount(immutable.AccountName, new StorageAccountArgs
            {
                AccountName = immutable.AccountName,
                ResourceGroupName = sink.ResourceGroup,
                Location = sink.Location,
                Kind = immutable.Kind,
                Sku = new SkuArgs { Name = immutable.Sku },
                AllowBlobPublicAccess = immutable.AllowBlobPublicAccess,
                EnableHttpsTrafficOnly = immutable.HttpsTrafficOnly,
                ImmutableStorageWithVersioning = new ImmutableStorageAccountArgs
                {
                    Enabled = true,
                    ImmutabilityPolicy = new AccountImmutabilityPolicyPropertiesArgs
                    {
                        ImmutabilityPeriodSinceCreationInDays = immutable.RetentionDays,
                        State = immutable.PolicyState,
                    },
                },
            }, new CustomResourceOptions { Parent = this });
        }

        var setting = new DiagnosticSettingArgs
        {
            Name = sink.DiagnosticSettingName,
            ResourceUri = sink.ClusterResourceId,
            WorkspaceId = workspace.Id,
        };
        if (storage is not null)
        {
            setting.StorageAccountId = storage.Id;
        }

        foreach (var category in sink.Categories)
        {
            setting.Logs.Add(new DiagnosticsLogSettingsArgs { Category = category, Enabled = true });
        }

        _ = new DiagnosticSetting(sink.DiagnosticSettingName, setting, new CustomResourceOptions { Parent = this });

        WorkspaceName = Output.Create(sink.WorkspaceName);
        WorkspaceId = workspace.Id;
        Categories = Output.Create(sink.Categories);
        StorageAccountName = Output.Create(sink.ImmutableStorage?.AccountName ?? "");
        RegisterOutputs();
    }

    /// <summary>The Log Analytics workspace's name.</summary>
    [Output("workspaceName")]
    public Output<string> WorkspaceName { get; }

    /// <summary>The workspace's ARM id.</summary>
    [Output("workspaceId")]
    public Output<string> WorkspaceId { get; }

    /// <summary>The AKS log categories sent to the sink.</summary>
    [Output("categories")]
    public Output<ImmutableArray<string>> Categories { get; }

    /// <summary>The immutable storage account's name; empty when the tier declares none.</summary>
    [Output("storageAccountName")]
    public Output<string> StorageAccountName { get; }
}
