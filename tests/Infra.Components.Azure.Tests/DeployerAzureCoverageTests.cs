using Infra.Access.Deployer;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Components.Azure;
using Infra.Testing;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Components.Azure.Tests;

/// <summary>
/// Issue 17: every Azure resource the components register can be written by the platform's deployer
/// on its scope, every role assignment is one the delegation condition allows, and the deployer's
/// roles hold no action nothing registered needs. Read from the mock run's registrations.
/// </summary>
[Collection(PulumiTests.Name)]
public sealed class DeployerAzureCoverageTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task AzureAccess_WhenRegistered_ShouldBeCoveredByThePlatformDeployerAndNothingMore(string environment)
    {
        var result = DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("stacks", environment + ".yaml")), $"stacks/{environment}.yaml");
        var plan = Planner.Build(result.Definition!);
        var azure = result.Definition!.Environment.Azure!;
        var deployer = plan.Deployers.Single(d => d.Team is null);
        var mocks = new EchoMocks();
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () => _ = new AzureAccess($"{environment}-azure", new AzureAccessArgs { Plan = plan }));

        string Group(string? name) => $"/subscriptions/{azure.SubscriptionId}/resourceGroups/{name}";
        var needed = new HashSet<(string Scope, string Action)>();
        foreach (var resource in mocks.Registered.Where(r => !r.IsComponent))
        {
            var (scope, action) = resource.Type switch
            {
                "azure-native:managedidentity:UserAssignedIdentity" => (Group(resource.Text("resourceGroupName")), "Microsoft.ManagedIdentity/userAssignedIdentities/write"),
                "azure-native:managedidentity:FederatedIdentityCredential" => (Group(resource.Text("resourceGroupName")), "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write"),
                "azure-native:authorization:RoleDefinition" => (resource.Text("scope")!, "Microsoft.Authorization/roleDefinitions/write"),
                "azure-native:authorization:RoleAssignment" => (resource.Text("scope")!, "Microsoft.Authorization/roleAssignments/write"),
                "azure-native:operationalinsights:Workspace" => (Group(resource.Text("resourceGroupName")), "Microsoft.OperationalInsights/workspaces/write"),
                "azure-native:storage:StorageAccount" => (Group(resource.Text("resourceGroupName")), "Microsoft.Storage/storageAccounts/write"),
                "azure-native:monitor:DiagnosticSetting" => (resource.Text("resourceUri")!, "Microsoft.Insights/diagnosticSettings/write"),
                var type => throw new InvalidOperationException($"a registered type the deployer test does not know: {type}"),
            };
            needed.Add((scope, action));
            var role = deployer.AzureRoles.SingleOrDefault(r => string.Equals(r.Scope, scope, StringComparison.OrdinalIgnoreCase));
            Assert.True(role is not null && role.Definition.Actions.Contains(action), $"the deployer cannot {action} on {scope} ({resource.Name})");
            if (resource.Type == "azure-native:authorization:RoleAssignment")
            {
                var id = resource.Text("roleDefinitionId")!;
                Assert.Contains(id[(id.LastIndexOf('/') + 1)..], role!.AssignableRoleDefinitionIds);
                Assert.Equal("ServicePrincipal", resource.Text("principalType"));
                Assert.Contains("'ServicePrincipal'", role.Condition, StringComparison.Ordinal);
            }
        }

        // Nothing more: each write the deployer holds is one a registered resource needs (read and delete go with it).
        var writes = deployer.AzureRoles.SelectMany(r => r.Definition.Actions.Where(a => a.EndsWith("/write", StringComparison.Ordinal)).Select(a => (r.Scope.ToLowerInvariant(), a)));
        Assert.Equal(needed.Select(n => (n.Scope.ToLowerInvariant(), n.Action)).Order(), writes.Order());
    }
}
