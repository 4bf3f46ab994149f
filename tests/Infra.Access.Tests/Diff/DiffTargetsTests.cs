using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rules.Isolation;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// "Reach, not file, decides production" (issue 12), attack by attack: a staging definition whose
/// grant lands on something production owns (its cluster, API server, Vault mount, Azure scope or
/// subscription) must be judged production; a grant next to it but not on it must not. Each
/// production target is tested on its own (the other sources of production targets emptied), so a
/// target the diff forgets to collect fails here instead of being covered by a neighbour.
/// </summary>
public sealed class DiffTargetsTests
{
    private const string ProdSubscription = "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
    private const string ProdCluster = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-weu";
    private const string ProdGroup = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod";
    private const string OtherSubscription = "/subscriptions/11111111-2222-4333-8444-555555555555";

    private static readonly Lazy<(Plan Plan, EnvironmentSettings Settings)> Prod = new(() => Load("prod"));
    private static readonly Lazy<(Plan Plan, EnvironmentSettings Settings)> Staging = new(() => Load("staging"));

    [Fact]
    public void Of_WhenSettingsAreGiven_ShouldNameEachEndpointByField()
    {
        var (plan, settings) = Prod.Value;

        var endpoints = DiffTargets.Of(plan, settings).Endpoints;

        Assert.Equal(
            [
                ("cluster", ProdCluster),
                ("cluster api server", "https://aks-prod-weu.hcp.westeurope.azmk8s.io"),
                ("vault address", "https://vault.prod.example.internal:8200"),
                ("registry", "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/acrexampleprod"),
            ],
            endpoints.Select(e => (e.Field, e.Value)));
        Assert.Empty(DiffTargets.Of(plan, null).Endpoints);
    }

    [Fact]
    public void Of_WhenTheEnvironmentHasNoRegistry_ShouldNameNoRegistryEndpoint()
    {
        var (plan, settings) = Prod.Value;

        var endpoints = DiffTargets.Of(plan, settings with { Azure = settings.Azure! with { Registry = null } }).Endpoints;

        Assert.Equal(["cluster", "cluster api server", "vault address"], endpoints.Select(e => e.Field));
    }

    [Theory]
    [InlineData("resource id")]
    [InlineData("api server")]
    public void Reaches_WhenStagingNamesOneOfProductionsClusterKeys_ShouldReachItsKubernetesRows(string shared)
    {
        // Staging keeps its own API server and names production's cluster id (or the reverse): either
        // one is enough for its kubeconfig to land on production's cluster.
        var (plan, settings) = Staging.Value;
        var prod = Prod.Value.Settings.Cluster;
        var cluster = shared == "resource id"
            ? settings.Cluster with { ResourceId = prod.ResourceId }
            : settings.Cluster with { ApiServerUrl = "HTTPS://AKS-PROD-WEU.hcp.westeurope.azmk8s.io.:443/" };

        var staging = DiffTargets.Of(Bare(plan), settings with { Cluster = cluster });

        Assert.True(staging.Reaches(Row(AccessMatrix.Kubernetes, "payments", "deployments/payments-api"), ProductionSettingsOnly()));
        Assert.False(DiffTargets.Of(Bare(plan), settings).Reaches(Row(AccessMatrix.Kubernetes, "payments", "deployments/payments-api"), ProductionSettingsOnly()));
    }

    [Fact]
    public void Reaches_WhenStagingNamesProductionsVaultServer_ShouldReachEveryVaultRow()
    {
        var (plan, settings) = Staging.Value;
        var onProd = settings with { Vault = settings.Vault with { Address = "https://vault.prod.example.internal:8200/" } };

        Assert.True(DiffTargets.Of(Bare(plan), onProd).Reaches(Row(AccessMatrix.Vault, "kv-staging", "kv-staging/data/payments"), ProductionSettingsOnly()));
        Assert.False(DiffTargets.Of(Bare(plan), settings).Reaches(Row(AccessMatrix.Vault, "kv-staging", "kv-staging/data/payments"), ProductionSettingsOnly()));
    }

    [Theory]
    [InlineData("kv-prod/data/payments/api", true)]
    [InlineData("kv-prod", true)]
    [InlineData("/KV-PROD//metadata/payments/", true)]
    [InlineData("kubernetes-aks-prod/creds/deployer", true)]
    [InlineData("kv-production/data/payments", false)]
    [InlineData("kv/prod", false)]
    [InlineData("kv-staging/data/payments", false)]
    public void Reaches_WhenAStagingVaultRowNamesAPath_ShouldReachOnlyInsideProductionsMounts(string path, bool reaches)
    {
        // Production's mounts come from its settings only here (its plan is emptied): its secret
        // mounts and its Kubernetes secrets engine.
        var staging = DiffTargets.Of(Bare(Staging.Value.Plan), Staging.Value.Settings);

        Assert.Equal(reaches, staging.Reaches(Row(AccessMatrix.Vault, "vault", path), ProductionSettingsOnly()));
    }

    [Theory]
    [InlineData("kv-payments/data/api", "kv-payments/data/other", true)]
    [InlineData("kv-payments", "kv-payments/data/other", true)]
    [InlineData("kv-payments/data/api", "kv-payments", true)]
    [InlineData("/kv-payments/data/api", "kv-payments/data/other", true)]
    [InlineData("kv-payments/data/api", "kv-pay/data/api", false)]
    public void Reaches_WhenOnlyProductionsPoliciesNameAMount_ShouldCountThatMountAsProduction(string productionPath, string stagingPath, bool reaches)
    {
        // A production plan built without settings: its one policy path is all that says the mount is production's.
        var prod = Bare(Prod.Value.Plan);
        var policy = Prod.Value.Plan.Vault.Policies[0] with { Paths = [new VaultPathRule(productionPath, ["read"])] };
        var production = DiffTargets.Union([DiffTargets.Of(prod with { Vault = prod.Vault with { Policies = [policy] } }, null)]);

        var staging = DiffTargets.Of(Bare(Staging.Value.Plan), null);

        Assert.Equal(reaches, staging.Reaches(Row(AccessMatrix.Vault, "vault", stagingPath), production));
    }

    [Fact]
    public void Reaches_WhenOnlyProductionsKubernetesSecretRolesNameAnEngine_ShouldCountThatEngineAsProduction()
    {
        var prod = Bare(Prod.Value.Plan);
        var role = Prod.Value.Plan.Vault.KubernetesSecretRoles[0] with { Backend = "k8s-secrets-prod" };
        var production = DiffTargets.Union([DiffTargets.Of(prod with { Vault = prod.Vault with { KubernetesSecretRoles = [role] } }, null)]);
        var staging = DiffTargets.Of(Bare(Staging.Value.Plan), null);

        Assert.True(staging.Reaches(Row(AccessMatrix.Vault, "vault", "k8s-secrets-prod/creds/deployer"), production));
        Assert.False(staging.Reaches(Row(AccessMatrix.Vault, "vault", "k8s-secrets-staging/creds/deployer"), production));
    }

    [Fact]
    public void Reaches_WhenStagingAssignsARoleOnProductionsOwnScope_ShouldReachIt()
    {
        // A management group has no subscription: only the scope itself can tie it to production.
        const string Group = "/providers/Microsoft.Management/managementGroups/mg-payments";
        var production = Union(Assigned(Prod.Value.Plan, Group));

        Assert.True(Assigned(Staging.Value.Plan, "/PROVIDERS/microsoft.management/managementgroups/MG-PAYMENTS").Reaches(AzureRow("MG-PAYMENTS"), production));
        Assert.False(Assigned(Staging.Value.Plan, "/providers/Microsoft.Management/managementGroups/mg-payments-staging").Reaches(AzureRow("mg-payments-staging"), production));
    }

    [Fact]
    public void Reaches_WhenStagingAssignsARoleInsideAProductionScope_ShouldReachIt()
    {
        const string Group = "/providers/Microsoft.Management/managementGroups/mg-payments";
        var production = Union(Assigned(Prod.Value.Plan, Group));

        Assert.True(Assigned(Staging.Value.Plan, Group + "/providers/Microsoft.Authorization/locks/lock").Reaches(AzureRow("lock"), production));
        Assert.False(Assigned(Staging.Value.Plan, Group + "-other/providers/Microsoft.Authorization/locks/lock").Reaches(AzureRow("lock"), production));
    }

    [Fact]
    public void Reaches_WhenStagingAssignsARoleInProductionsSubscription_ShouldReachIt()
    {
        // Production's only assignment is on one resource group; a sibling group of the same
        // subscription is still production's subscription (its owners, its policies, its budget).
        var production = Union(Assigned(Prod.Value.Plan, ProdGroup));

        Assert.True(Assigned(Staging.Value.Plan, $"/subscriptions/{ProdSubscription.ToUpperInvariant()}/resourceGroups/rg-sandbox").Reaches(AzureRow("rg-sandbox"), production));
        Assert.False(Assigned(Staging.Value.Plan, OtherSubscription + "/resourceGroups/rg-sandbox").Reaches(AzureRow("rg-sandbox"), production));
    }

    [Fact]
    public void Reaches_WhenStagingAssignsARoleInProductionsSettingsSubscription_ShouldReachIt()
    {
        var production = ProductionSettingsOnly();

        Assert.True(Assigned(Staging.Value.Plan, $"/subscriptions/{ProdSubscription}/resourceGroups/rg-sandbox").Reaches(AzureRow("rg-sandbox"), production));
        Assert.False(Assigned(Staging.Value.Plan, OtherSubscription + "/resourceGroups/rg-sandbox").Reaches(AzureRow("rg-sandbox"), production));
    }

    [Fact]
    public void Reaches_WhenStagingPushesToProductionsRegistryInAHubSubscription_ShouldReachIt()
    {
        // A shared registry in a hub subscription: neither production's subscription nor its plan
        // (emptied) names it, only its settings' registry id does.
        const string Hub = "/subscriptions/99999999-8888-4777-8666-555555555555/resourceGroups/rg-hub/providers/Microsoft.ContainerRegistry/registries/acrprod";
        var (plan, settings) = Prod.Value;
        var production = Union(DiffTargets.Of(Bare(plan), settings with { Azure = settings.Azure! with { Registry = settings.Azure.Registry! with { Id = Hub } } }));

        Assert.True(Assigned(Staging.Value.Plan, Hub).Reaches(AzureRow("acrprod"), production));
        Assert.False(Assigned(Staging.Value.Plan, Hub + "-staging").Reaches(AzureRow("acrprod-staging"), production));
    }

    [Fact]
    public void Reaches_WhenStagingAssignsARoleOnAScopeThatContainsProductionsCluster_ShouldReachIt()
    {
        // Production without an Azure section: its cluster id is its only Azure target, and the
        // subscription it lies in is not one production declares. A role on the resource group
        // that holds the cluster still acts on the cluster.
        var (plan, settings) = Prod.Value;
        var production = Union(DiffTargets.Of(Bare(plan), settings with { Azure = null }), Assigned(plan, "/providers/Microsoft.Management/managementGroups/mg-unrelated"));

        Assert.True(Assigned(Staging.Value.Plan, ProdGroup).Reaches(AzureRow("rg-platform-prod"), production));
        Assert.True(Assigned(Staging.Value.Plan, ProdCluster).Reaches(AzureRow("aks-prod-weu"), production));
        // A group whose name only starts like production's is another group.
        Assert.False(Assigned(Staging.Value.Plan, ProdGroup[..^"-prod".Length]).Reaches(AzureRow("rg-platform"), production));
    }

    [Fact]
    public void Reaches_WhenOneOfTwoSameNamedScopesIsProductions_ShouldReachIt()
    {
        // The matrix shows a scope by its last segment: two resource groups named alike in two
        // subscriptions are one row scope, and one of them in production is enough.
        var production = Union(Assigned(Prod.Value.Plan, ProdGroup));
        var plan = Staging.Value.Plan;
        var assignment = plan.Azure.RoleAssignments[0];
        var staging = DiffTargets.Of(Bare(plan) with
        {
            Azure = plan.Azure with
            {
                RoleAssignments =
                [
                    assignment with { Scope = OtherSubscription + "/resourceGroups/rg-platform-prod" },
                    assignment with { Scope = ProdGroup + "/providers/Microsoft.KeyVault/vaults/rg-platform-prod" },
                ],
            },
        }, null);

        Assert.True(staging.Reaches(AzureRow("rg-platform-prod"), production));
    }

    [Fact]
    public void Reaches_WhenTheRowScopeIsNotOneOfTheSidesAssignments_ShouldNotReach()
    {
        var production = Union(Assigned(Prod.Value.Plan, ProdGroup));

        Assert.False(Assigned(Staging.Value.Plan, ProdGroup).Reaches(AzureRow("rg-unknown"), production));
    }

    [Fact]
    public void Reaches_WhenTheSystemIsUnknown_ShouldNotReach()
    {
        var (plan, settings) = Prod.Value;
        var production = ProductionSettingsOnly();

        Assert.False(DiffTargets.Of(plan, settings).Reaches(Row("github", "prod", "environments/prod"), production));
        Assert.True(DiffTargets.Of(plan, settings).Reaches(Row(AccessMatrix.Kubernetes, "prod", "pods"), production));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("/", false)]
    [InlineData("P", false)]
    [InlineData(ProdCluster, true)]
    [InlineData(ProdCluster + "/agentPools/system", true)]
    [InlineData(ProdGroup, false)]
    [InlineData("https://aks-prod-weu.hcp.westeurope.azmk8s.io", true)]
    [InlineData("https://vault.prod.example.internal:8200", true)]
    public void Holds_WhenAskedForAKey_ShouldHoldProductionsClusterAndWhatLiesUnderIt(string raw, bool held)
    {
        var (plan, settings) = Prod.Value;
        var targets = DiffTargets.Of(Bare(plan), settings with { Azure = null });
        var key = raw.StartsWith("https://", StringComparison.Ordinal) ? SharedKeys.Endpoint(raw) : raw.StartsWith('/') && raw.Length > 1 ? SharedKeys.ArmId(raw) : raw;

        Assert.Equal(held, targets.Holds(key));
    }

    [Fact]
    public void Union_WhenEmptyOrFromEmptyPlans_ShouldBeEmpty()
    {
        Assert.True(DiffTargets.Union([]).IsEmpty);
        Assert.True(DiffTargets.Union([DiffTargets.Of(Bare(Prod.Value.Plan), null)]).IsEmpty);
        Assert.False(ProductionSettingsOnly().IsEmpty);
        Assert.False(Union(Assigned(Prod.Value.Plan, ProdGroup)).IsEmpty);
    }

    /// <summary>Production's targets from its settings alone: its plan emptied of Vault paths, secret roles and assignments.</summary>
    private static DiffTargets ProductionSettingsOnly() => DiffTargets.Union([DiffTargets.Of(Bare(Prod.Value.Plan), Prod.Value.Settings)]);

    private static DiffTargets Union(params DiffTargets[] targets) => DiffTargets.Union(targets);

    /// <summary>A plan's targets when its only role assignment is on <paramref name="scope"/> (no settings).</summary>
    private static DiffTargets Assigned(Plan plan, string scope)
    {
        var bare = Bare(plan);
        return DiffTargets.Of(bare with { Azure = bare.Azure with { RoleAssignments = [plan.Azure.RoleAssignments[0] with { Scope = scope }] } }, null);
    }

    private static Plan Bare(Plan plan) => plan with
    {
        Vault = plan.Vault with { Policies = [], KubernetesSecretRoles = [] },
        Azure = plan.Azure with { RoleAssignments = [] },
    };

    private static RowChange AzureRow(string scope) => Row(AccessMatrix.Azure, scope, "Microsoft.Authorization/*/read");

    private static RowChange Row(string system, string scope, string resource) =>
        new(Change.Gained, system, scope, resource, "read", "payments-api/deploy", ImmutableArray<Risk>.Empty);

    private static (Plan Plan, EnvironmentSettings Settings) Load(string stack)
    {
        var file = $"stacks/{stack}.yaml";
        var result = DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("stacks", $"{stack}.yaml")), file);
        Assert.True(result.Errors.IsEmpty, string.Join("\n", result.Errors));
        return (Planner.Build(result.Definition!), result.Definition!.Environment);
    }
}
