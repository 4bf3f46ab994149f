using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>The plan's Azure resources as JSON, in ARM's resource types and property names.</summary>
public static class AzureRenderer
{
    public const string FileName = "azure.json";

    public static RenderedFile Render(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var resources = new List<object>();
        var azure = plan.Azure;
        foreach (var identity in azure.ManagedIdentities)
        {
            resources.Add(Resource("Microsoft.ManagedIdentity/userAssignedIdentities", identity.Name, new()
            {
                ["resourceGroup"] = identity.ResourceGroup,
                ["location"] = identity.Location,
                ["tags"] = identity.Tags,
            }));
        }

        foreach (var credential in azure.FederatedCredentials)
        {
            resources.Add(Resource("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials", $"{credential.IdentityName}/{credential.Name}", new()
            {
                ["resourceGroup"] = credential.ResourceGroup,
                ["issuer"] = credential.Issuer,
                ["subject"] = credential.Subject,
                ["audiences"] = credential.Audiences,
            }));
        }

        foreach (var role in azure.RoleDefinitions)
        {
            resources.Add(Resource("Microsoft.Authorization/roleDefinitions", role.Id, new()
            {
                ["scope"] = role.Scope,
                ["roleName"] = role.RoleName,
                ["description"] = role.Description,
                ["assignableScopes"] = role.AssignableScopes,
                ["permissions"] = new[] { new SortedDictionary<string, object>(StringComparer.Ordinal) { ["actions"] = role.Actions, ["dataActions"] = role.DataActions } },
            }));
        }

        foreach (var assignment in azure.RoleAssignments)
        {
            resources.Add(Resource("Microsoft.Authorization/roleAssignments", assignment.Name, new()
            {
                ["scope"] = assignment.Scope,
                ["principal"] = assignment.IdentityName,
                ["principalType"] = assignment.PrincipalType,
                ["roleDefinitionId"] = assignment.RoleDefinitionId,
                ["condition"] = assignment.Condition,
                ["conditionVersion"] = assignment.ConditionVersion,
            }));
        }

        if (azure.AuditSink is { } sink)
        {
            resources.Add(Resource("Microsoft.OperationalInsights/workspaces", sink.WorkspaceName, new()
            {
                ["resourceGroup"] = sink.ResourceGroup,
                ["location"] = sink.Location,
                ["retentionInDays"] = sink.RetentionDays,
                ["sku"] = sink.WorkspaceSku,
            }));
            if (sink.ImmutableStorage is { } storage)
            {
                resources.Add(Resource("Microsoft.Storage/storageAccounts", storage.AccountName, new()
                {
                    ["resourceGroup"] = sink.ResourceGroup,
                    ["location"] = sink.Location,
                    ["kind"] = storage.Kind,
                    ["sku"] = storage.Sku,
                    ["allowBlobPublicAccess"] = storage.AllowBlobPublicAccess,
                    ["supportsHttpsTrafficOnly"] = storage.HttpsTrafficOnly,
                    ["immutableStorageWithVersioning"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
                    {
                        ["enabled"] = true,
                        ["immutabilityPolicy"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
                        {
                            ["immutabilityPeriodSinceCreationInDays"] = storage.RetentionDays,
                            ["state"] = storage.PolicyState,
                        },
                    },
                }));
            }

            resources.Add(Resource("Microsoft.Insights/diagnosticSettings", sink.DiagnosticSettingName, new()
            {
                ["resourceUri"] = sink.ClusterResourceId,
                ["workspace"] = sink.WorkspaceName,
                ["storageAccount"] = sink.ImmutableStorage?.AccountName ?? "",
                ["logs"] = sink.Categories.Select(c => new SortedDictionary<string, object>(StringComparer.Ordinal) { ["category"] = c, ["enabled"] = true }).ToList(),
            }));
        }

        return new RenderedFile(FileName, Json.Serialize(new { environment = plan.Environment, resources }));
    }

    private static SortedDictionary<string, object> Resource(string type, string name, SortedDictionary<string, object> properties) =>
        new(StringComparer.Ordinal) { ["type"] = type, ["name"] = name, ["properties"] = properties };
}
