using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// Issue 12, "what the diff must show": trust, network, reach and the widening decisions. Every
/// "widens" decision is tested both ways, so flipping it (or marking every change as widening) fails.
/// </summary>
public sealed class DiffReviewTests
{
    private static readonly GuardrailReport NoFindings = new([], [], []);

    [Theory]
    [InlineData("        tokenTtl: 5m", "        tokenTtl: 10m", true)]
    [InlineData("        tokenTtl: 10m", "        tokenTtl: 5m", false)]
    public void Compare_WhenAProductionStageTokenLifetimeChanges_ShouldWidenOnlyWhenLonger(string from, string to, bool widens)
    {
        var environment = CompareProd(text => ReplaceFirst(text, from, to));

        var lifetime = Assert.Single(environment.Identities.SelectMany(i => i.Trust), t => t.Field == "token lifetime");
        Assert.Equal(widens, lifetime.Widens);
        Assert.Equal(widens, environment.ProductionAccessGrows);
        Assert.True(environment.AccessChanged);
    }

    public static TheoryData<string, int> Lifetimes() => new()
    {
        { "stage", 60 }, { "stage", -60 }, { "vault ttl", 60 }, { "vault ttl", -60 }, { "vault max", 60 }, { "vault max", -60 },
        { "vault explicit max", 60 }, { "vault explicit max", -60 }, { "kubernetes ttl", 60 }, { "kubernetes ttl", -60 },
        { "kubernetes max", 60 }, { "kubernetes max", -60 },
    };

    [Theory]
    [MemberData(nameof(Lifetimes))]
    public void Compare_WhenOneTokenLifetimeChanges_ShouldWidenOnlyWhenItGrows(string lifetime, int seconds)
    {
        var before = AccessDifferTests.StackPlan("prod");
        const string Id = "payments-api/deploy";
        var after = lifetime switch
        {
            "stage" => before with { Identities = [.. before.Identities.Select(i => i.Id == Id ? i with { TokenTtl = i.TokenTtl + TimeSpan.FromSeconds(seconds) } : i)] },
            "kubernetes ttl" or "kubernetes max" => before with
            {
                Vault = before.Vault with
                {
                    KubernetesSecretRoles = [.. before.Vault.KubernetesSecretRoles.Select(r => r.Owner.Subject != Id ? r
                        : lifetime == "kubernetes ttl" ? r with { TokenDefaultTtl = r.TokenDefaultTtl + seconds } : r with { TokenMaxTtl = r.TokenMaxTtl + seconds })],
                },
            },
            _ => before with
            {
                Vault = before.Vault with
                {
                    JwtRoles = [.. before.Vault.JwtRoles.Select(r => r.Owner.Subject != Id ? r : lifetime switch
                    {
                        "vault ttl" => r with { TokenTtl = r.TokenTtl + seconds },
                        "vault max" => r with { TokenMaxTtl = r.TokenMaxTtl + seconds },
                        _ => r with { TokenExplicitMaxTtl = r.TokenExplicitMaxTtl + seconds },
                    })],
                },
            },
        };

        var environment = AccessDiffer.Compare(before, after, [], []);

        var change = Assert.Single(Assert.Single(environment.Identities).Trust);
        Assert.Equal("token lifetime", change.Field);
        Assert.Equal(seconds > 0, change.Widens);
        Assert.Equal(seconds > 0, environment.ProductionAccessGrows);
    }

    public static TheoryData<string, string, bool> TrustEdits() => new()
    {
        // field changed, how, widens
        { "user claim", "changed", true },
        { "bound claims type", "glob", true },
        { "bound claims type", "back to string", false },
        { "default policy", "attached", true },
        { "default policy", "detached", false },
        { "azure subject", "changed", true },
        { "vault subject", "changed", true },
        { "bound claims", "pin dropped", true },
        { "bound claims", "pin added", false },
        { "approval gate", "lost", true },
        { "approval gate", "gained", false },
    };

    [Theory]
    [MemberData(nameof(TrustEdits))]
    public void Compare_WhenWhoMayAssumeAProductionIdentityChanges_ShouldWidenOnlyWhenMoreTokensGetIn(string field, string how, bool widens)
    {
        var plan = AccessDifferTests.StackPlan("prod");
        const string Id = "payments-api/deploy";
        Plan Roles(Plan p, Func<JwtRoleDeclaration, JwtRoleDeclaration> edit) =>
            p with { Vault = p.Vault with { JwtRoles = [.. p.Vault.JwtRoles.Select(r => r.Owner.Subject == Id ? edit(r) : r)] } };
        Plan Gated(Plan p, bool gated) => p with { Identities = [.. p.Identities.Select(i => i.Id == Id ? i with { ApprovalGated = gated } : i)] };
        var (before, after) = (field, how) switch
        {
            ("user claim", _) => (plan, Roles(plan, r => r with { UserClaim = "repository_owner" })),
            ("bound claims type", "glob") => (plan, Roles(plan, r => r with { BoundClaimsType = "glob" })),
            ("bound claims type", _) => (Roles(plan, r => r with { BoundClaimsType = "glob" }), plan),
            ("default policy", "attached") => (plan, Roles(plan, r => r with { TokenNoDefaultPolicy = false })),
            ("default policy", _) => (Roles(plan, r => r with { TokenNoDefaultPolicy = false }), plan),
            ("azure subject", _) => (plan, plan with { Azure = plan.Azure with { FederatedCredentials = [.. plan.Azure.FederatedCredentials.Select(c => c == plan.Azure.FederatedCredentials[0] ? c with { Subject = "repo:example-org/other:environment:prod-approval" } : c)] } }),
            ("vault subject", _) => (plan, Roles(plan, r => r with { BoundSubject = "repo:example-org/other:environment:prod-approval" })),
            ("bound claims", "pin dropped") => (plan, Roles(plan, r => r with { BoundClaims = r.BoundClaims.Remove("ref") })),
            ("bound claims", _) => (plan, Roles(plan, r => r with { BoundClaims = r.BoundClaims.SetItem("runner_environment", "github-hosted") })),
            ("approval gate", "lost") => (plan, Gated(plan, gated: false)),
            _ => (Gated(plan, gated: false), plan),
        };

        var environment = AccessDiffer.Compare(before, after, [], []);

        var change = Assert.Single(Assert.Single(environment.Identities).Trust);
        Assert.Equal(field, change.Field);
        Assert.Equal(widens, change.Widens);
        Assert.Equal(widens, environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData("        - cidr: 10.50.33.0/24\n          ports: [5432]", "        - cidr: 10.50.33.0/24\n          ports: [5432]\n        - cidr: 10.60.0.0/16\n          ports: [22]", "ledger-prod", "egress to 10.60.0.0/16 22/TCP")]
    [InlineData("      - cidr: 10.50.40.10/32\n        ports: [3128]", "      - cidr: 10.50.40.10/32\n        ports: [3128]\n      - cidr: 10.50.41.0/24\n        ports: [443]", "ci-runners-prod", "egress to 10.50.41.0/24 443/TCP")]
    public void Compare_WhenAProductionNamespaceGainsAFlow_ShouldShowItOnceAndGrow(string from, string to, string ns, string flow)
    {
        var environment = CompareProd(text => ReplaceFirst(text, from, to));

        var change = Assert.Single(environment.Network);
        Assert.Equal((Change.Gained, ns, flow, true), (change.Change, change.Namespace, change.Flow, change.Widens));
        Assert.True(environment.ProductionAccessGrows);
        // A flow is the namespace's, not each stage's: no identity shows it as a trust change.
        Assert.Empty(environment.Identities);

        // The other way round: a removed flow narrows and is no production growth, yet it is an access change.
        var removed = CompareProd(text => text, basis: text => ReplaceFirst(text, from, to));
        var lost = Assert.Single(removed.Network);
        Assert.Equal((Change.Lost, false), (lost.Change, lost.Widens));
        Assert.False(removed.ProductionAccessGrows);
        Assert.True(removed.AccessChanged);
    }

    [Fact]
    public void Compare_WhenANamespaceLosesItsDefaultDeny_ShouldWidenAndGainingItShouldNot()
    {
        var plan = AccessDifferTests.StackPlan("prod");
        var open = plan with { Kubernetes = plan.Kubernetes with { NetworkPolicies = [.. plan.Kubernetes.NetworkPolicies.Where(p => !(p.Namespace == "orders-prod" && p.IsDefaultDeny))] } };

        var lost = AccessDiffer.Compare(plan, open, [], []);
        var regained = AccessDiffer.Compare(open, plan, [], []);

        Assert.Equal(["- orders-prod default-deny egress True", "- orders-prod default-deny ingress True"], lost.Network.Select(Line));
        Assert.True(lost.ProductionAccessGrows);
        Assert.Equal(["+ orders-prod default-deny egress False", "+ orders-prod default-deny ingress False"], regained.Network.Select(Line));
        Assert.False(regained.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAPausedPipelineGainsAFlow_ShouldShowItThoughNoIdentityHoldsAnything()
    {
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        const string From = "        - cidr: 10.50.33.0/24\n          ports: [5432]";
        var paused = ReplaceFirst(text, "    namespaces: [ledger-prod]\n    state: active", "    namespaces: [ledger-prod]\n    state: paused");
        Assert.NotEqual(text, paused);

        var environment = Compare(Side(paused, "stacks/prod.yaml"), Side(ReplaceFirst(paused, From, From + "\n        - cidr: 10.60.0.0/16\n          ports: [22]"), "stacks/prod.yaml"));

        Assert.Empty(environment.Identities);
        Assert.True(Assert.Single(environment.Network).Widens);
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenStagingPushesToTheProductionRegistry_ShouldCountItAsProduction()
    {
        var staging = File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"));
        var prod = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        const string Registry = "/subscriptions/6f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a/resourceGroups/rg-platform-staging/providers/Microsoft.ContainerRegistry/registries/acrexamplestaging";
        const string ProdRegistry = "/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/acrexampleprod";
        var moved = staging.Replace(Registry, ProdRegistry, StringComparison.Ordinal);
        Assert.NotEqual(staging, moved);
        var stagingDiff = Compare(Side(staging, "stacks/staging.yaml"), Side(moved, "stacks/staging.yaml"));
        var prodDiff = Compare(Side(prod, "stacks/prod.yaml"), Side(prod, "stacks/prod.yaml"));

        var alone = AccessDiffer.Compare([stagingDiff]);
        var both = AccessDiffer.Compare([stagingDiff, prodDiff]);

        // Alone, nothing says acrexampleprod is production: the rows are write rows of staging.
        Assert.DoesNotContain(alone.Environments[0].Identities.SelectMany(i => i.Changes), c => c.Risks.Contains(Risk.Production));
        Assert.False(alone.ProductionAccessGrows);
        // Beside prod, every row gained on prod's registry is production; the rows lost on staging's are not.
        var rows = both.Environments.Single(e => e.Environment == "staging").Identities.SelectMany(i => i.Changes).ToList();
        Assert.Contains(rows, c => c.Change == Change.Gained);
        Assert.All(rows.Where(c => c.Change == Change.Gained), c => Assert.Superset(new HashSet<Risk> { Risk.Production, Risk.ProductionReach }, c.Risks.ToHashSet()));
        Assert.All(rows.Where(c => c.Change == Change.Lost), c => Assert.DoesNotContain(Risk.Production, c.Risks));
        Assert.True(both.ProductionAccessGrows);
        var registry = Assert.Single(both.Environments.Single(e => e.Environment == "staging").Endpoints);
        Assert.Equal(("registry", true), (registry.Field, registry.Widens));
        Assert.Contains("production reach", DiffMarkdown.Render(both), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cluster", true)]
    [InlineData("vault address", true)]
    [InlineData("own cluster renamed", false)]
    public void Compare_WhenStagingMovesOntoAProductionEndpoint_ShouldGrowProduction(string what, bool ontoProduction)
    {
        var staging = File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"));
        var prod = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        var moved = what switch
        {
            "cluster" => staging.Replace("managedClusters/aks-staging-weu", "managedClusters/aks-prod-weu", StringComparison.Ordinal)
                .Replace("6f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a/resourceGroups/rg-platform-staging/providers/Microsoft.ContainerService", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerService", StringComparison.Ordinal),
            "vault address" => staging.Replace("https://vault.staging.example.internal:8200", "https://VAULT.prod.example.internal:8200/", StringComparison.Ordinal),
            _ => staging.Replace("managedClusters/aks-staging-weu", "managedClusters/aks-staging-weu2", StringComparison.Ordinal),
        };
        Assert.NotEqual(staging, moved);

        var diff = AccessDiffer.Compare([
            Compare(Side(staging, "stacks/staging.yaml"), Side(moved, "stacks/staging.yaml")),
            Compare(Side(prod, "stacks/prod.yaml"), Side(prod, "stacks/prod.yaml"))]);

        var environment = diff.Environments.Single(e => e.Environment == "staging");
        Assert.NotEmpty(environment.Endpoints);
        Assert.All(environment.Endpoints, e => Assert.True(e.Widens));
        Assert.Equal(ontoProduction, environment.EndpointsReachProduction);
        Assert.Equal(ontoProduction, diff.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenStagingReadsAProductionVaultMount_ShouldCountTheRowAsProduction()
    {
        var staging = AccessDifferTests.StackPlan("staging");
        var prod = AccessDifferTests.StackPlan("prod");
        var policy = staging.Vault.Policies[0];
        var reaching = staging with
        {
            Vault = staging.Vault with { Policies = staging.Vault.Policies.SetItem(0, policy with { Paths = policy.Paths.Add(new VaultPathRule("kv-prod/data/payments/api", ["read"])) }) },
        };

        var diff = AccessDiffer.Compare([
            AccessDiffer.Compare(DiffSide.Of(staging, NoFindings, null), DiffSide.Of(reaching, NoFindings, null)),
            AccessDiffer.Compare(DiffSide.Of(prod, NoFindings, null), DiffSide.Of(prod, NoFindings, null))]);

        var row = Assert.Single(diff.Environments.Single(e => e.Environment == "staging").Identities.SelectMany(i => i.Changes));
        Assert.Equal("kv-prod/data/payments/api", row.Resource);
        Assert.Equal([Risk.Production, Risk.Secret, Risk.ProductionReach], row.Risks.AsEnumerable());
        Assert.True(diff.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAProductionEndpointMoves_ShouldGrowProduction()
    {
        var environment = CompareProd(text => text.Replace("https://vault.prod.example.internal:8200", "https://vault2.prod.example.internal:8200", StringComparison.Ordinal));

        var moved = Assert.Single(environment.Endpoints);
        Assert.Equal(("vault address", true), (moved.Field, moved.Widens));
        Assert.True(environment.ProductionAccessGrows);
        Assert.Contains("~ endpoint vault address: https://vault.prod.example.internal:8200 -> https://vault2.prod.example.internal:8200  [widens]", DiffText.Render(AccessDiffer.Compare([environment])), StringComparison.Ordinal);
    }

    private static string Line(NetworkChange change) => $"{DiffWording(change.Change)} {change.Namespace} {change.Flow} {change.Widens}";

    private static string DiffWording(Change change) => change == Change.Gained ? "+" : "-";

    internal static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{from}' not found");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    /// <summary>stacks/prod.yaml against an edited copy (or two edited copies), as `access diff` compares them (with settings).</summary>
    private static EnvironmentDiff CompareProd(Func<string, string> head, Func<string, string>? basis = null)
    {
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        return Compare(Side((basis ?? (t => t))(text), "stacks/prod.yaml"), Side(head(text), "stacks/prod.yaml"));
    }

    private static EnvironmentDiff Compare(DiffSide before, DiffSide after) => AccessDiffer.Compare(before, after);

    internal static DiffSide Side(string text, string file)
    {
        var result = DefinitionLoader.Load(text, file);
        Assert.True(result.Errors.IsEmpty, string.Join("\n", result.Errors));
        return DiffSide.Of(Planner.Build(result.Definition!), NoFindings, result.Definition!.Environment);
    }
}
