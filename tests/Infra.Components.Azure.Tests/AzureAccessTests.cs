using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Components.Azure;
using Infra.Testing;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Components.Azure.Tests;

[Collection(PulumiTests.Name)]
public sealed class AzureAccessTests
{
    private static Plan StackPlan(string environment)
    {
        var result = DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("stacks", environment + ".yaml")), $"stacks/{environment}.yaml");
        return Planner.Build(result.Definition!);
    }

    private static async Task<EchoMocks> Declare(Plan plan)
    {
        var mocks = new EchoMocks();
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () => _ = new AzureAccess($"{plan.Environment}-azure", new AzureAccessArgs { Plan = plan }));
        return mocks;
    }

    private static IEnumerable<RegisteredResource> OfType(EchoMocks mocks, string type) => mocks.Registered.Where(r => r.Type == type);

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task AzureAccess_ForEachStack_ShouldRegisterThePlanNameForName(string environment)
    {
        var plan = StackPlan(environment);

        var mocks = await Declare(plan);

        Assert.Equal(plan.Azure.ManagedIdentities.Select(m => m.Name), OfType(mocks, "azure-native:managedidentity:UserAssignedIdentity").Select(r => r.Text("resourceName")!).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Azure.FederatedCredentials.Select(c => $"{c.IdentityName}/{c.Name}").Order(StringComparer.Ordinal),
            OfType(mocks, "azure-native:managedidentity:FederatedIdentityCredential").Select(r => $"{r.Text("resourceName")}/{r.Text("federatedIdentityCredentialResourceName")}").Order(StringComparer.Ordinal));
        Assert.Equal(plan.Azure.RoleDefinitions.Select(d => d.Id).Order(StringComparer.Ordinal),
            OfType(mocks, "azure-native:authorization:RoleDefinition").Select(r => r.Text("roleDefinitionId")!).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Azure.RoleAssignments.Select(a => a.Name).Order(StringComparer.Ordinal),
            OfType(mocks, "azure-native:authorization:RoleAssignment").Select(r => r.Text("roleAssignmentName")!).Order(StringComparer.Ordinal));
        Assert.Equal([plan.Azure.AuditSink!.WorkspaceName], OfType(mocks, "azure-native:operationalinsights:Workspace").Select(r => r.Text("workspaceName")!));
        Assert.Equal([plan.Azure.AuditSink.DiagnosticSettingName], OfType(mocks, "azure-native:monitor:DiagnosticSetting").Select(r => r.Text("name")!));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task AzureAccess_ForEachStack_ShouldRegisterNoWildcardAndScopeEveryAssignmentToOneResource(string environment)
    {
        var plan = StackPlan(environment);

        var mocks = await Declare(plan);

        Assert.Empty(Wildcards.In(mocks.Registered));
        var assignments = OfType(mocks, "azure-native:authorization:RoleAssignment").ToList();
        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.Contains("/providers/Microsoft.ContainerRegistry/registries/", a.Text("scope"), StringComparison.Ordinal);
            Assert.StartsWith("((!(ActionMatches{", a.Text("condition"), StringComparison.Ordinal);
            Assert.Equal("2.0", a.Text("conditionVersion"));
        });
    }

    [Fact]
    public async Task AzureStageIdentity_ForStagingBuild_ShouldBindTheCredentialToTheStagesCiSubject()
    {
        var plan = StackPlan("staging");

        var mocks = await Declare(plan);

        var credential = OfType(mocks, "azure-native:managedidentity:FederatedIdentityCredential")
            .Single(r => r.Text("resourceName") == "id-ci-staging-payments-api-build");
        Assert.Equal("repo:example-org/payments-api:environment:staging", credential.Text("subject"));
        Assert.Equal("https://token.actions.githubusercontent.com", credential.Text("issuer"));
    }

    [Theory]
    [InlineData("staging", false)]
    [InlineData("prod", true)]
    public async Task AksAuditSink_ForEachTier_ShouldLockImmutableStorageOnlyWhereTheTierDeclaresIt(string environment, bool immutable)
    {
        var plan = StackPlan(environment);

        var mocks = await Declare(plan);

        var accounts = OfType(mocks, "azure-native:storage:StorageAccount").ToList();
        Assert.Equal(immutable ? 1 : 0, accounts.Count);
        if (immutable)
        {
            Assert.Equal(true, accounts[0].At("immutableStorageWithVersioning.enabled"));
            Assert.Equal("Locked", accounts[0].Text("immutableStorageWithVersioning.immutabilityPolicy.state"));
            Assert.Equal(365.0, accounts[0].At("immutableStorageWithVersioning.immutabilityPolicy.immutabilityPeriodSinceCreationInDays"));
        }

        var setting = OfType(mocks, "azure-native:monitor:DiagnosticSetting").Single();
        Assert.Equal(plan.Azure.AuditSink!.Categories, setting.At("logs") is IEnumerable<object> logs
            ? logs.Cast<IReadOnlyDictionary<string, object>>().Select(l => (string)l["category"])
            : []);
    }
}
