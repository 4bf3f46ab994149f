using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

public sealed class AccessDifferTests
{
    [Fact]
    public void Compare_WhenResourceNamesWiden_ShouldGainExactlyTheNewObjectsRows()
    {
        var diff = DiffGoldenTests.DiffOf("widened-resource-names");

        var identity = Assert.Single(StageIdentities(Assert.Single(diff.Environments)));
        Assert.Equal("payments-api/deploy", identity.Identity);
        Assert.Equal(IdentityStatus.Changed, identity.Status);
        // Hand-computed: the deploy capability grants get, patch, update on each named Deployment.
        Assert.Equal(
            ["+ apps/deployments:payments-api-canary get", "+ apps/deployments:payments-api-canary patch", "+ apps/deployments:payments-api-canary update"],
            identity.Changes.Select(c => $"{DiffSign(c)} {c.Resource} {c.Action}"));
        Assert.True(diff.AccessChanged);
        Assert.False(diff.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenPipelineIsPaused_ShouldRemoveTheIdentityAndLoseEveryRow()
    {
        var environment = Assert.Single(DiffGoldenTests.DiffOf("paused-pipeline").Environments);

        Assert.Equal(["orders-worker/deploy"], environment.IdentitiesRemoved.AsEnumerable());
        Assert.Empty(environment.IdentitiesAdded);
        // deploy: list, watch (unnamed) + get, patch, update (named) + the Vault creds path = 6.
        Assert.Equal(6, StageIdentities(environment).Single().Lost);
        Assert.Equal(0, environment.Gained);
        // The deployer no longer writes the stage's binding and JWT and secrets-engine roles: it loses too, gains nothing.
        Assert.All(environment.Identities.SelectMany(i => i.Changes), c => Assert.Equal(Change.Lost, c.Change));
    }

    [Fact]
    public void Compare_WhenNewCapabilityIsAdded_ShouldGainTheScaleSubresource()
    {
        var identity = Assert.Single(StageIdentities(Assert.Single(DiffGoldenTests.DiffOf("new-capability").Environments)));

        Assert.Equal("orders-worker/deploy", identity.Identity);
        Assert.Equal(["apps/deployments/scale:orders-worker"], identity.Changes.Select(c => c.Resource).Distinct());
        Assert.Equal(["get", "patch", "update"], identity.Changes.Select(c => c.Action));
    }

    [Fact]
    public void Compare_WhenNothingChanges_ShouldReportNoAccessChange()
    {
        var diff = DiffGoldenTests.DiffOf("no-change");

        Assert.False(diff.AccessChanged);
        Assert.Equal(EnvironmentStatus.Unchanged, Assert.Single(diff.Environments).Status);
    }

    [Fact]
    public void Compare_WhenBaseIsMissing_ShouldGainEveryRowAsNewEnvironment()
    {
        var staging = StackPlan("staging");

        var environment = AccessDiffer.Compare(null, staging, [], []);

        Assert.Equal(EnvironmentStatus.Added, environment.Status);
        Assert.Equal(AccessMatrix.Build(staging).Length, environment.Gained);
        // Live identities of stacks/staging.yaml: payments-api x3, orders-worker x3, ledger-migrations x2, secret-rotation x1, and the deployer.
        Assert.Equal(10, environment.IdentitiesAdded.Length);
        Assert.Contains("<details><summary>", DiffMarkdown.Render(AccessDiffer.Compare([environment])), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenProductionStageLosesItsApprovalGate_ShouldReportWidenedTrust()
    {
        var before = StackPlan("prod");
        var identities = before.Identities.Select(i => i.Id == "payments-api/deploy" ? i with { ApprovalGated = false, CiSubject = "repo:example-org/payments-api:environment:prod" } : i);
        var after = before with { Identities = [.. identities] };

        var environment = AccessDiffer.Compare(before, after, [], []);

        var identity = Assert.Single(environment.Identities);
        Assert.Empty(identity.Changes);
        Assert.Equal(["ci subject", "approval gate"], identity.Trust.Select(t => t.Field));
        Assert.All(identity.Trust, t => Assert.True(t.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData("issuer: https://token.actions.githubusercontent.com", "issuer: https://oidc.attacker.example", "issuer")]
    [InlineData("    approvalEnvironment: prod-approval\n", "    approvalEnvironment: prod-approval\n    azureAudience: api://Other\n", "azure audience")]
    [InlineData("audience: https://github.com/example-org", "audience: https://github.com/other-org", "vault audience")]
    [InlineData("repository: example-org/ledger\n    ref: refs/heads/main", "repository: example-org/ledger\n    ref: refs/heads/unprotected", "bound claims")]
    [InlineData("        workflow: .github/workflows/migrate.yml", "        workflow: .github/workflows/any.yml", "workflow ref")]
    [InlineData("resourceGroup: rg-ci-identities-prod", "resourceGroup: rg-shared-prod", "azure resource group")]
    [InlineData("jwtAuthPath: jwt-ci-prod", "jwtAuthPath: jwt-shared-prod", "vault auth mount")]
    [InlineData("    namespaces: [payments-prod]\n", "    namespaces: [payments-prod]\n    podSecurity:\n      level: baseline\n      reason: the image runs nginx as root on port 80\n", "pod security")]
    public void Compare_WhenProductionTrustChangesWithoutAGrant_ShouldReportGrowth(string from, string to, string field)
    {
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var before = Planner.Build(DefinitionLoader.Load(text, "stacks/prod.yaml").Definition!);
        var head = DefinitionLoader.Load(text.Replace(from, to, StringComparison.Ordinal), "stacks/prod.yaml");
        Assert.Empty(head.Errors);
        var after = Planner.Build(head.Definition!);

        var environment = AccessDiffer.Compare(before, after, [], []);

        // No stage gains a grant (the deployer's paths and scopes follow the identities' new home).
        Assert.Equal(0, StageIdentities(environment).Sum(i => i.Gained));
        Assert.Contains(environment.Identities, i => i.Trust.Any(t => t.Field == field && t.Widens));
        Assert.True(environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData("    approvers: [carol-release]\n", "    approvers: [carol-release, mallory]\n", "approvers", true)]
    [InlineData("    maintainers: [dave-fulfilment]\n", "    maintainers: [dave-fulfilment, mallory]\n", "maintainers", true)]
    [InlineData("    maintainers: [alice-payments, bob-payments]\n", "    maintainers: [alice-payments]\n", "maintainers", false)]
    public void Compare_WhenAProductionPipelineChangesWhoGovernsIt_ShouldReportTheTrustChange(string from, string to, string field, bool grows)
    {
        // Who approves a production release, or may edit the pipeline, controls its identities with no grant changing.
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        Assert.Contains(from, text, StringComparison.Ordinal);
        var before = DefinitionLoader.Load(text, "stacks/prod.yaml").Definition!;
        var head = DefinitionLoader.Load(text.Replace(from, to, StringComparison.Ordinal), "stacks/prod.yaml");
        Assert.Empty(head.Errors);
        var report = new GuardrailReport([], [], []);

        var environment = AccessDiffer.Compare(
            DiffSide.OfDefinition(Planner.Build(before), report, before), DiffSide.OfDefinition(Planner.Build(head.Definition!), report, head.Definition!));

        Assert.Equal(0, environment.Gained);
        Assert.Contains(environment.Identities, i => i.Trust.Any(t => t.Field == field && t.Widens == grows));
        Assert.True(environment.AccessChanged);
        Assert.Equal(grows, environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAPausedProductionPipelineLowersItsPodSecurity_ShouldReportGrowth()
    {
        // A paused pipeline has no identity, but its namespace keeps its workloads: lowering the level
        // there must not read "no access change".
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        const string From = "    state: paused\n    reviewBy: 2027-01-31\n";
        Assert.Contains(From, text, StringComparison.Ordinal);
        var lowered = text.Replace(From, From + "    podSecurity:\n      level: baseline\n      reason: the indexer sidecar needs host ports\n", StringComparison.Ordinal);
        var before = Planner.Build(DefinitionLoader.Load(text, "stacks/prod.yaml").Definition!);
        var head = DefinitionLoader.Load(lowered, "stacks/prod.yaml");
        Assert.Empty(head.Errors);

        var environment = AccessDiffer.Compare(before, Planner.Build(head.Definition!), [], []);

        Assert.Contains(environment.Network, n => n.Namespace == "search-prod" && n.Flow == "pod-security enforce baseline" && n.Widens);
        Assert.True(environment.AccessChanged);
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAProductionOverrideIsRemoved_ShouldReportAPodSecurityChangeThatDoesNotWiden()
    {
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        var lowered = text.Replace("    namespaces: [payments-prod]\n", "    namespaces: [payments-prod]\n    podSecurity:\n      level: baseline\n      reason: the image runs nginx as root on port 80\n", StringComparison.Ordinal);
        var before = Planner.Build(DefinitionLoader.Load(lowered, "stacks/prod.yaml").Definition!);
        var after = Planner.Build(DefinitionLoader.Load(text, "stacks/prod.yaml").Definition!);

        var environment = AccessDiffer.Compare(before, after, [], []);

        var change = environment.Identities.SelectMany(i => i.Trust).First(t => t.Field == "pod security");
        Assert.Equal(("payments-prod baseline", "payments-prod restricted", false), (change.Before, change.After, change.Widens));
        Assert.False(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAProductionStageAddsAPin_ShouldNotReportGrowth()
    {
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"));
        var before = Planner.Build(DefinitionLoader.Load(text, "stacks/staging.yaml").Definition!);
        var after = Planner.Build(DefinitionLoader.Load(text, "stacks/staging.yaml").Definition!) with { Tier = Tier.Production };
        var pinned = after with
        {
            Vault = after.Vault with { JwtRoles = [.. after.Vault.JwtRoles.Select(r => r with { BoundClaims = r.BoundClaims.SetItem("zz_pin", "x") })] },
        };

        var environment = AccessDiffer.Compare(before with { Tier = Tier.Production }, pinned, [], []);

        Assert.NotEmpty(environment.Identities);
        Assert.All(environment.Identities.SelectMany(i => i.Trust), t => Assert.False(t.Widens));
        Assert.False(environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData(Tier.NonProduction, "kubernetes", "payments-staging", "apps/deployments:web", "patch", "write")]
    [InlineData(Tier.NonProduction, "kubernetes", "payments-staging", "apps/deployments:web", "get", "")]
    [InlineData(Tier.NonProduction, "kubernetes", "payments-staging", "core/secrets:db", "get", "secret")]
    [InlineData(Tier.NonProduction, "kubernetes", "payments-staging", "batch/jobs", "deletecollection", "write")]
    [InlineData(Tier.Production, "kubernetes", "payments-prod", "core/pods", "list", "production")]
    [InlineData(Tier.Production, "vault", "kv-prod", "kv-prod/data/payments/api", "update", "production, secret, write")]
    [InlineData(Tier.NonProduction, "vault", "kv-staging", "kv-staging/data/payments/api", "read", "secret")]
    [InlineData(Tier.NonProduction, "vault", "kubernetes-aks-staging", "kubernetes-aks-staging/creds/ci-payments-api-deploy", "update", "credential")]
    [InlineData(Tier.Production, "vault", "kubernetes-aks-staging", "kubernetes-aks-staging/creds/ci-payments-api-deploy", "update", "production, credential")]
    [InlineData(Tier.NonProduction, "vault", "kubernetes-aks-staging", "kubernetes-aks-staging/roles/ci-payments-api-deploy", "update", "secret, write")]
    [InlineData(Tier.NonProduction, "vault", "kubernetes-aks-staging", "kubernetes-aks-staging/config", "update", "secret, write")]
    [InlineData(Tier.NonProduction, "azure", "acr", "repositories/a", "Microsoft.ContainerRegistry/registries/repositories/content/write", "write")]
    [InlineData(Tier.NonProduction, "azure", "acr", "repositories/a", "Microsoft.ContainerRegistry/registries/repositories/content/delete", "write")]
    [InlineData(Tier.NonProduction, "azure", "acr", "repositories/a", "Microsoft.ContainerRegistry/registries/repositories/content/read", "")]
    public void Risks_WhenRowIsJudged_ShouldFlagProductionSecretsAndWrites(Tier tier, string system, string scope, string resource, string action, string expected)
    {
        var plan = StackPlan("staging") with { Tier = tier };
        var row = new AccessRow("env", "payments-api/deploy", system, scope, resource, action);

        var risks = AccessDiffer.Risks(row, plan, isNewIdentity: false);

        Assert.Equal(expected, DiffWordingText(risks));
    }

    [Fact]
    public void Compare_WhenTheHeadWaivesAFindingTheBaseDidNot_ShouldShowItAsNewlyWaivedInEveryFormat()
    {
        var plan = StackPlan("staging");
        var waiver = new Waiver("K8S005", "payments-api/deploy", "payments-batch/ci-payments-api-deploy", "migration", new DateOnly(2026, 12, 20), "grace", new SourceLocation("stacks/staging.yaml", 5, 5));
        WaivedFinding On(string ns, int line) => new(new Finding("K8S005", "no-kubernetes-secret-access", Severity.Error, "staging", "payments-api/deploy", $"Role {ns}/ci-payments-api-deploy grants get on secrets", "fix it", new SourceLocation("stacks/staging.yaml", line, 3), $"{ns}/ci-payments-api-deploy"), waiver);
        var before = DiffSide.Of(plan, new GuardrailReport([], [On("payments-prod", 40)], []));
        var after = DiffSide.Of(plan, new GuardrailReport([], [On("payments-prod", 44), On("payments-batch", 50)], []));

        var environment = AccessDiffer.Compare(before, after);

        Assert.Equal(["payments-batch/ci-payments-api-deploy"], environment.WaivedIntroduced.Select(w => w.Finding.Object));
        Assert.True(environment.FindingsChanged);
        var diff = AccessDiffer.Compare([environment]);
        // An error newly waived is a change (access check no longer refuses it), whatever the tier.
        Assert.True(environment.AccessChanged);
        Assert.False(environment.ProductionAccessGrows);
        Assert.Contains("staging (non-production): +0 identities, -0 identities, +0 grants, -0 grants, 1 newly waived finding\n", DiffText.Render(diff), StringComparison.Ordinal);
        Assert.Contains("finding waived: K8S005 payments-api/deploy (object payments-batch/ci-payments-api-deploy)", DiffText.Render(diff), StringComparison.Ordinal);
        Assert.Contains("- waived `K8S005` no-kubernetes-secret-access on `payments-api/deploy` object `payments-batch/ci-payments-api-deploy`", DiffMarkdown.Render(diff), StringComparison.Ordinal);
        Assert.Contains("\"waivedIntroduced\": [", DiffJson.Render(diff), StringComparison.Ordinal);
        Assert.DoesNotContain("payments-prod/ci-payments-api-deploy", DiffMarkdown.Render(diff), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenFindingsDifferOnlyInLocation_ShouldNeitherIntroduceNorResolve()
    {
        var plan = StackPlan("staging");
        Finding At(string rule, string message, int line) =>
            new(rule, "rule-name", Severity.Error, "staging", "payments-api/deploy", message, "fix it", new SourceLocation("stacks/staging.yaml", line, 3));
        IReadOnlyList<Finding> before = [At("AC001", "kept", 10), At("AC002", "fixed in this change", 20)];
        IReadOnlyList<Finding> after = [At("AC001", "kept", 14), At("AC003", "new in this change", 30)];

        var environment = AccessDiffer.Compare(plan, plan, before, after);

        Assert.Equal(["AC003"], environment.FindingsIntroduced.Select(f => f.RuleId));
        Assert.Equal(["AC002"], environment.FindingsResolved.Select(f => f.RuleId));
        var markdown = DiffMarkdown.Render(AccessDiffer.Compare([environment]));
        Assert.Contains("Introduced:\n\n- **error** `AC003` rule-name on `payments-api/deploy`: new in this change (stacks/staging.yaml:30:3)\n", markdown, StringComparison.Ordinal);
        Assert.Contains("Resolved:\n\n- **error** `AC002` rule-name on `payments-api/deploy`: fixed in this change (stacks/staging.yaml:20:3)\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("AC001", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenNamesHoldMarkupCharacters_ShouldEscapeTablesAndMermaidLabels()
    {
        var change = new RowChange(Change.Gained, "vault", "kv", "kv/data/a", "read", "Vault policy \"odd\" <x> | y", [Risk.Secret]);
        var identity = new IdentityDiff("p/s", IdentityStatus.Changed, "repo:o/r:environment:e", [], [change]);
        var environment = new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], [], 1, 0, [identity], [], [], []);

        var markdown = DiffMarkdown.Render(new AccessDiff([environment]));

        Assert.StartsWith(DiffMarkdown.Marker + "\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| Vault policy \"odd\" &lt;x&gt; \\| y |", markdown, StringComparison.Ordinal);
        Assert.Contains("[\"Vault policy #quot;odd#quot; #lt;x#gt; | y\"]", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenDiagramHasTooManyEdges_ShouldDrawTheLimitAndCountTheRest()
    {
        var changes = Enumerable.Range(0, 40)
            .Select(i => new RowChange(Change.Gained, "vault", "kv", $"kv/data/s{i:D2}", "read", $"Vault policy p{i:D2}", ImmutableArray<Risk>.Empty))
            .ToImmutableArray();
        var identity = new IdentityDiff("p/s", IdentityStatus.Changed, "subject", [], changes);
        var environment = new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], [], 40, 0, [identity], [], [], []);

        var markdown = DiffMarkdown.Render(new AccessDiff([environment]));

        // 1 subject edge + 40 x (identity -> policy, policy -> path) = 81 edges; 30 drawn.
        Assert.Equal(DiffMarkdown.MaxDiagramEdges, markdown.Split('\n').Count(l => l.Contains(" --> ", StringComparison.Ordinal) || l.Contains("-->|", StringComparison.Ordinal)));
        Assert.Contains("... and 51 more edges, not drawn", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenSidesAreBuiltAndThePlansDropped_ShouldEqualTheCompareOfThePlans()
    {
        var before = StackPlan("staging");
        var paused = before.Kubernetes.RoleBindings.Where(b => b.Owner.Pipeline != "orders-worker").ToImmutableArray();
        var after = before with { Kubernetes = before.Kubernetes with { RoleBindings = paused } };

        var fromPlans = AccessDiffer.Compare(before, after, [], []);
        var fromSides = AccessDiffer.Compare(DiffSide.Of(before, []), DiffSide.Of(after, []));

        Assert.True(fromPlans.Lost > 0);
        Assert.Equal(DiffJson.Render(AccessDiffer.Compare([fromPlans])), DiffJson.Render(AccessDiffer.Compare([fromSides])));
    }

    [Fact]
    public void Compare_WhenNeitherSideExists_ShouldRefuse()
    {
        Assert.Throws<ArgumentException>(() => AccessDiffer.Compare(DiffSide.Of(null, []), DiffSide.Of(null, [])));
        Assert.False(DiffSide.Of(null, []).Exists);
    }

    [Fact]
    public void GrantSource_WhenTwoBindingsGrantInOneNamespace_ShouldNameTheFirstInPlanOrder()
    {
        var plan = StackPlan("staging");
        var first = plan.Kubernetes.RoleBindings.First(b => b.Owner.Stage is not null);
        var second = first with { Name = first.Name + "-second", RoleRef = first.RoleRef with { Name = "a-role-listed-second" } };
        var doubled = plan with { Kubernetes = plan.Kubernetes with { RoleBindings = plan.Kubernetes.RoleBindings.Add(second) } };
        var row = AccessMatrix.Build(doubled).First(r => r.Identity == first.Owner.Subject && r.Scope == first.Namespace);

        Assert.Equal($"Role {first.Namespace}/{first.RoleRef.Name}", GrantSource.For(doubled).Of(row));
        Assert.Equal(GrantSource.For(doubled).Of(row), GrantSource.Of(doubled, row));
    }

    internal static Plan StackPlan(string stack)
    {
        var result = DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("stacks", stack + ".yaml")), $"stacks/{stack}.yaml");
        return Planner.Build(result.Definition!);
    }

    private static string DiffSign(RowChange change) => change.Change == Change.Gained ? "+" : "-";

    private static string DiffWordingText(IEnumerable<Risk> risks) =>
        string.Join(", ", risks.Select(r => r switch
        {
            Risk.Production => "production",
            Risk.Secret => "secret",
            Risk.Credential => "credential",
            Risk.Write => "write",
            _ => "new identity",
        }));

    /// <summary>The pipeline stages of a diff, without the deployers (which gain and lose with them: DeployerDiffTests).</summary>
    internal static IEnumerable<IdentityDiff> StageIdentities(EnvironmentDiff environment) =>
        environment.Identities.Where(i => !Infra.Access.Deployer.DeployerRights.IsDeployerId(i.Identity));
}
