using Infra.Access.Catalog;
using Infra.Access.Planning;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Planning;

/// <summary>
/// Each capability yields exactly its documented grants (docs/capabilities.md), for a stage that
/// uses only that capability. The expected table is written by hand from the documentation, not
/// computed from the catalog.
/// </summary>
public sealed class CapabilityGrantTests
{
    private const string Registry = "/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-test/providers/Microsoft.ContainerRegistry/registries/acrtest";
    private const string Acr = "Microsoft.ContainerRegistry/registries/repositories/";
    private const string Creds = "kubernetes-test/creds/ci-web-deploy: update";

    private const string Stage = "          - deploy:\n              deployments: [web]\n          - read-secret:\n              paths: [kv-test/data/web]\n";

    private const string Azure =
        "  azure:\n    subscriptionId: 00000000-0000-4000-8000-000000000000\n    resourceGroup: rg-ci-test\n    location: westeurope\n"
        + "    registry:\n      id: " + Registry + "\n      loginServer: acrtest.azurecr.io\n  tokenTtlCeiling: 30m";

    /// <summary>
    /// capability, its parameters, then the documented grants: Kubernetes rules as
    /// <c>group resources [resourceNames] verbs</c> separated by ';', Vault paths, Azure data actions.
    /// </summary>
    public static TheoryData<string, string, string, string, string> Table() => new()
    {
        { "deploy", "deployments: [web]", "apps deployments [] list,watch;apps deployments [web] get,patch,update", Creds, "" },
        { "scale", "deployments: [web]", "apps deployments/scale [web] get,patch,update", Creds, "" },
        { "restart", "deployments: [web]", "apps deployments [web] get,patch", Creds, "" },
        { "configure", "configMaps: [web-config]", "\"\" configmaps [web-config] get,patch,update", Creds, "" },
        { "read-logs", "", "\"\" pods [] get,list;\"\" pods/log [] get", Creds, "" },
        {
            "read-status", "",
            "\"\" events,pods,services [] get,list,watch;apps deployments,replicasets,statefulsets [] get,list,watch;batch cronjobs,jobs [] get,list,watch",
            Creds, ""
        },
        { "run-job", "cronJobs: [web-migrate]", "batch cronjobs [web-migrate] get;batch jobs [] create,get,list,watch", Creds, "" },
        { "read-secret", "paths: [kv-test/data/web]", "", "kv-test/data/web: read", "" },
        { "write-secret", "paths: [kv-test/data/web]", "", "kv-test/data/web: create,update", "" },
        { "push-image", "repositories: [web/app]", "", "", $"{Acr}content/read,{Acr}content/write,{Acr}metadata/read,{Acr}metadata/write on web/app" },
        { "pull-image", "repositories: [web/app]", "", "", $"{Acr}content/read,{Acr}metadata/read on web/app" },
    };

    [Fact]
    public void Table_WhenComparedWithTheCatalog_ShouldCoverEveryCapability()
    {
        var documented = Table().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var catalog = CapabilityCatalog.All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

        Assert.True(
            documented.SetEquals(catalog),
            "tests/Infra.Access.Tests/Planning/CapabilityGrantTests.cs: add a Table() row with the documented grants of "
            + $"[{string.Join(", ", catalog.Except(documented).Order(StringComparer.Ordinal))}] and remove the rows of "
            + $"[{string.Join(", ", documented.Except(catalog).Order(StringComparer.Ordinal))}] (the catalog is access/Catalog/CapabilityCatalog.cs)");
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Build_WhenStageUsesOnlyOneCapability_ShouldGrantExactlyTheDocumentedGrants(
        string capability, string parameters, string kubernetes, string vault, string azure)
    {
        var use = parameters.Length == 0 ? $"          - {capability}:\n" : $"          - {capability}:\n              {parameters}\n";
        var text = Definitions.Patch(Definitions.Patch(Stage, use), "  tokenTtlCeiling: 30m", Azure);
        var result = Definitions.Load(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));

        var plan = Planner.Build(result.Definition!);

        var roles = plan.Kubernetes.Roles;
        Assert.Equal(kubernetes.Length == 0 ? 0 : 1, roles.Length);
        Assert.Equal(roles.Length, plan.Kubernetes.RoleBindings.Length);
        Assert.Equal(roles.Length, plan.Kubernetes.ServiceAccounts.Length);
        var rules = roles.SelectMany(r => r.Rules)
            .Select(r => $"{Group(r.ApiGroups)} {string.Join(",", r.Resources)} [{string.Join(",", r.ResourceNames)}] {string.Join(",", r.Verbs)}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(kubernetes, string.Join(";", rules));
        Assert.All(roles.SelectMany(r => r.Rules), r => Assert.Empty(r.NonResourceUrls));

        var paths = plan.Vault.Policies.SelectMany(p => p.Paths).Select(p => $"{p.Path}: {string.Join(",", p.Capabilities)}");
        Assert.Equal(vault, string.Join(";", paths));
        Assert.Equal(plan.Vault.Policies.Length, plan.Vault.JwtRoles.Length);

        var assignments = plan.Azure.RoleAssignments.Select(a =>
            $"{string.Join(",", plan.Azure.RoleDefinitions.Single(d => d.RoleName == a.RoleName).DataActions)} on {string.Join(",", a.Repositories)}");
        Assert.Equal(azure, string.Join(";", assignments));
        Assert.All(plan.Azure.RoleAssignments, a => Assert.Equal(Registry, a.Scope));
        Assert.All(plan.Azure.RoleDefinitions, d => Assert.Empty(d.Actions));
        Assert.Equal(azure.Length == 0 ? 0 : 1, plan.Azure.ManagedIdentities.Length);

        // What the capability says about writing is what its planned grants do, and what gates the stage.
        var identity = Assert.Single(plan.Identities);
        Assert.Equal(WriteAccess.Writers(plan).Contains(identity.Id), identity.Writes);
        Assert.Equal(CapabilityCatalog.Find(capability)!.Writes, identity.Writes);
    }

    [Theory]
    [InlineData("push-image", "ci-acr-repository-writer-test")]
    [InlineData("pull-image", "ci-acr-repository-reader-test")]
    public void Build_WhenStageUsesARegistryCapability_ShouldNarrowTheAssignmentToTheNamedRepositories(string capability, string role)
    {
        var use = $"          - {capability}:\n              repositories: [web/app, web/worker]\n";
        var result = Definitions.Load(Definitions.Patch(Definitions.Patch(Stage, use), "  tokenTtlCeiling: 30m", Azure));

        var assignment = Assert.Single(Planner.Build(result.Definition!).Azure.RoleAssignments);

        Assert.Equal(role, assignment.RoleName);
        Assert.Equal("2.0", assignment.ConditionVersion);
        Assert.Contains("@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'web/app'", assignment.Condition, StringComparison.Ordinal);
        Assert.Contains("@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase 'web/worker'", assignment.Condition, StringComparison.Ordinal);
        Assert.StartsWith("((!(ActionMatches{'" + Acr + "content/read'})", assignment.Condition, StringComparison.Ordinal);
    }

    private static string Group(IEnumerable<string> groups) => string.Join(",", groups.Select(g => g.Length == 0 ? "\"\"" : g));
}
