using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Format;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// Issue 12, the class behind the red team's escapes: a change to any field of a production
/// definition must not read "no access change" (exit 0). Every environment-level and pipeline-level
/// field of the definition format (<see cref="DefinitionFormat"/>, the single list the loader, the
/// schema and the docs are built from) has a change here that must make the diff need a production
/// review (exit 3), or a place on <see cref="CannotWiden"/> with the reason. A field added to the
/// format later fails <see cref="Fields_WhenTheFormatIsWalked_ShouldEachHaveAChangeOrAReviewedReason"/>
/// until it has one; an environment field also fails
/// <see cref="SettingsDiff_WhenTheFormatIsWalked_ShouldCompareEveryEnvironmentField"/> until the diff's
/// fail-closed settings comparison lists it.
/// </summary>
public sealed class DefinitionFieldDiffTests
{
    private static readonly string BaseFile = RepositoryRoot.File("tests", "Infra.Access.Tests", "Diff", "every-field.prod.yaml");

    /// <summary>The day the sides are checked on (the golden cases' day).</summary>
    private static readonly DateOnly Today = new(2026, 11, 24);

    /// <summary>The unchanged base, loaded, planned and checked once: most of the field changes compare against it.</summary>
    private static readonly Lazy<DiffSide> BaseSide = new(() => Side(File.ReadAllText(BaseFile)));

    /// <summary>
    /// One change of a field: <c>From</c> replaced by <c>To</c> in the production definition. <c>Setup</c>,
    /// when given, is applied to both sides first (a field that needs another one set to vary).
    /// </summary>
    private sealed record Mutation(string From, string To, (string From, string To)? Setup = null);

    /// <summary>Fields no change of which can widen access, each with the reason (reviewed: keep it short).</summary>
    private static readonly ImmutableDictionary<string, string> CannotWiden = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["environment.ci.subjectTemplate"] = "one value only: the loader refuses anything but repo:{repository}:environment:{environment} (SubjectTemplate.Pattern); a second accepted form must come off this list",
        ["pipelines.podSecurity.reason"] = "free text shown to reviewers on the namespace; the level beside it is what Kubernetes enforces",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    private static readonly ImmutableDictionary<string, Mutation> Mutations = new Dictionary<string, Mutation>(StringComparer.Ordinal)
    {
        ["environment.name"] = new("  name: prod\n  tier", "  name: prod-b\n  tier"),
        ["environment.tier"] = new("tier: production", "tier: non-production"),
        ["environment.cluster.name"] = new("    name: aks-prod-weu\n", "    name: aks-prod-b\n"),
        ["environment.cluster.resourceId"] = new("managedClusters/aks-prod-weu\n", "managedClusters/aks-prod-b\n"),
        ["environment.cluster.apiServerUrl"] = new("apiServerUrl: https://aks-prod-weu.hcp", "apiServerUrl: https://aks-prod-b.hcp"),
        ["environment.cluster.apiServerCidrs"] = new("apiServerCidrs: [10.50.0.0/28]", "apiServerCidrs: [10.50.0.0/28, 10.60.0.0/28]"),
        ["environment.cluster.runnerNamespace"] = new("runnerNamespace: ci-runners-prod", "runnerNamespace: ci-runners-b"),
        ["environment.cluster.platformNamespaces"] = new("platformNamespaces: [ingress-nginx-prod, monitoring, cert-manager, vault]", "platformNamespaces: [ingress-nginx-prod, monitoring, vault]"),
        ["environment.cluster.platformServices"] = new("platformServices: [ingress-nginx-prod]", "platformServices: [ingress-nginx-prod, monitoring]"),
        ["environment.cluster.runnerEgress.cidr"] = new("- cidr: 10.50.40.10/32", "- cidr: 10.50.40.11/32"),
        ["environment.cluster.runnerEgress.ports"] = new("ports: [3128]", "ports: [3128, 8080]"),
        ["environment.cluster.kubernetesVersion"] = new("    runnerNamespace: ci-runners-prod\n", "    runnerNamespace: ci-runners-prod\n    kubernetesVersion: '1.31'\n"),
        ["environment.ci.issuer"] = new("issuer: https://token.actions.githubusercontent.com", "issuer: https://oidc.attacker.example"),
        ["environment.ci.audience"] = new("audience: https://github.com/example-org", "audience: https://github.com/other-org"),
        ["environment.ci.azureAudience"] = new("    environment: prod\n", "    environment: prod\n    azureAudience: api://Other\n"),
        ["environment.ci.userClaim"] = new("    environment: prod\n", "    environment: prod\n    userClaim: repository\n"),
        ["environment.ci.environment"] = new("    environment: prod\n", "    environment: prod-b\n"),
        ["environment.ci.approvalEnvironment"] = new("approvalEnvironment: prod-approval", "approvalEnvironment: prod-approval-b"),
        ["environment.ci.approvalWaitTimer"] = new("approvalWaitTimer: 5m", "approvalWaitTimer: 1m"),
        ["environment.ci.repositoryOwners"] = new("    environment: prod\n", "    environment: prod\n    repositoryOwners: [example-org, contractor-org]\n"),
        ["environment.vault.address"] = new("address: https://vault.prod.example.internal:8200", "address: https://vault.other.example.internal:8200"),
        ["environment.vault.cidrs"] = new("cidrs: [10.50.8.0/24]", "cidrs: [10.50.8.0/24, 10.60.8.0/24]"),
        ["environment.vault.jwtAuthPath"] = new("jwtAuthPath: jwt-ci-prod", "jwtAuthPath: jwt-shared-prod"),
        ["environment.vault.kubernetesSecretsPath"] = new("kubernetesSecretsPath: kubernetes-aks-prod", "kubernetesSecretsPath: kubernetes-shared"),
        ["environment.vault.secretMounts"] = new("secretMounts: [kv-prod]", "secretMounts: [kv-prod, kv-shared]"),
        ["environment.vault.kvV1Mounts"] = new("secretMounts: [kv-prod, kv-legacy]", "secretMounts: [kv-prod, kv-legacy]\n    kvV1Mounts: [kv-legacy]",
            Setup: ("secretMounts: [kv-prod]", "secretMounts: [kv-prod, kv-legacy]")),
        ["environment.azure.subscriptionId"] = new("  azure:\n    subscriptionId: 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "  azure:\n    subscriptionId: 1b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e"),
        ["environment.azure.resourceGroup"] = new("resourceGroup: rg-ci-identities-prod", "resourceGroup: rg-shared-prod"),
        ["environment.azure.location"] = new("location: westeurope", "location: northeurope"),
        ["environment.azure.registry.id"] = new("registries/acrexampleprod\n", "registries/acrotherprod\n"),
        ["environment.azure.registry.loginServer"] = new("loginServer: acrexampleprod.azurecr.io", "loginServer: acrotherprod.azurecr.io"),
        ["environment.azure.registry.cidrs"] = new("cidrs: [10.50.16.0/28]", "cidrs: [10.50.16.0/28, 10.60.16.0/28]"),
        ["environment.tokenTtlCeiling"] = new("tokenTtlCeiling: 10m", "tokenTtlCeiling: 15m", Setup: ("tokenTtlCeiling: 15m", "tokenTtlCeiling: 10m")),
        ["environment.audit.retentionDays"] = new("retentionDays: 365", "retentionDays: 90"),
        ["environment.audit.immutableStorage"] = new("immutableStorage: true", "immutableStorage: false"),
        ["environment.audit.logAnalyticsWorkspace"] = new("logAnalyticsWorkspace: law-audit-prod", "logAnalyticsWorkspace: law-other"),
        ["environment.audit.storageAccount"] = new("storageAccount: stauditprodweu", "storageAccount: stother"),
        ["environment.audit.immutabilityPolicy"] = new("immutableStorage: true\n", "immutableStorage: true\n    immutabilityPolicy: Unlocked\n"),
        ["environment.audit.lockBy"] = new("lockBy: 2026-12-01", "lockBy: 2026-12-06",
            Setup: ("immutableStorage: true\n", "immutableStorage: true\n    immutabilityPolicy: Unlocked\n    lockBy: 2026-12-01\n")),
        ["environment.audit.kubernetesCategories"] = new("kubernetesCategories: [kube-audit-admin, guard]", "kubernetesCategories: [kube-audit-admin]"),
        ["environment.audit.vaultDevices.path"] = new("path: file-primary", "path: file-other"),
        ["environment.audit.vaultDevices.type"] = new("type: socket", "type: syslog"),
        ["environment.audit.vaultDevices.options"] = new("          file_path: /vault/audit/audit.log\n", "          file_path: /vault/audit/audit.log\n          log_raw: \"true\"\n"),
        ["environment.teamDeployers"] = new("  tokenTtlCeiling: 15m\n", "  tokenTtlCeiling: 15m\n  teamDeployers: [payments]\n"),
        ["pipelines.name"] = new("  - name: ledger-migrations\n", "  - name: ledger-migrations-b\n"),
        ["pipelines.team"] = new("team: fulfilment", "team: fulfilment-b"),
        ["pipelines.repository"] = new("repository: example-org/ledger\n", "repository: example-org/ledger-fork\n"),
        ["pipelines.ref"] = new("repository: example-org/ledger\n    ref: refs/heads/main", "repository: example-org/ledger\n    ref: refs/heads/release"),
        ["pipelines.namespaces"] = new("namespaces: [ledger-prod]", "namespaces: [ledger-b]"),
        ["pipelines.state"] = new("state: paused", "state: active"),
        ["pipelines.reviewBy"] = new("reviewBy: 2027-01-31\n    maintainers: [alice-payments]", "reviewBy: 2027-05-15\n    maintainers: [alice-payments]"),
        ["pipelines.maintainers"] = new("maintainers: [dave-fulfilment]", "maintainers: [dave-fulfilment, mallory]"),
        ["pipelines.approvers"] = new("approvers: [erin-release]", "approvers: [erin-release, mallory]"),
        ["pipelines.network.ingress.namespace"] = new("        - namespace: ingress-nginx-prod\n", "        - namespace: orders-prod\n"),
        ["pipelines.network.ingress.cidr"] = new("      ingress:\n", "      ingress:\n        - cidr: 10.50.50.0/24\n          ports: [8080]\n"),
        ["pipelines.network.ingress.ports"] = new("ports: [8080]", "ports: [8080, 9090]"),
        ["pipelines.network.egress.namespace"] = new("      egress:\n        - cidr: 10.50.33.0/24\n", "      egress:\n        - namespace: payments-prod\n          ports: [8080]\n        - cidr: 10.50.33.0/24\n"),
        ["pipelines.network.egress.cidr"] = new("- cidr: 10.50.33.0/24", "- cidr: 10.50.34.0/24"),
        ["pipelines.network.egress.ports"] = new("- cidr: 10.50.32.0/24\n          ports: [5432]", "- cidr: 10.50.32.0/24\n          ports: [5432, 6379]"),
        ["pipelines.podSecurity.level"] = new("    namespaces: [payments-prod]\n", "    namespaces: [payments-prod]\n    podSecurity:\n      level: baseline\n      reason: the image runs nginx as root on port 80\n"),
        ["pipelines.stages.name"] = new("- name: migrate\n", "- name: migrate-b\n"),
        ["pipelines.stages.capabilities"] = new("          - read-status:\n\n  - name: orders-worker", "          - read-status:\n          - read-logs:\n\n  - name: orders-worker"),
        ["pipelines.stages.tokenTtl"] = new("tokenTtl: 10m\n        capabilities:\n          - run-job:", "tokenTtl: 15m\n        capabilities:\n          - run-job:"),
        ["pipelines.stages.approvalGated"] = new("workflow: .github/workflows/verify.yml\n        approvalGated: true\n        tokenTtl: 5m\n        capabilities:\n          - read-status:\n\n",
            "workflow: .github/workflows/verify.yml\n        approvalGated: false\n        tokenTtl: 5m\n        capabilities:\n          - read-status:\n\n",
            Setup: ("workflow: .github/workflows/verify.yml\n        tokenTtl: 5m\n        capabilities:\n          - read-status:\n\n",
                "workflow: .github/workflows/verify.yml\n        approvalGated: true\n        tokenTtl: 5m\n        capabilities:\n          - read-status:\n\n")),
        ["pipelines.stages.workflow"] = new("workflow: .github/workflows/migrate.yml", "workflow: .github/workflows/any.yml"),
    }.ToImmutableDictionary(StringComparer.Ordinal);

    public static TheoryData<string> MutatedFields() => [.. Mutations.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Fields_WhenTheFormatIsWalked_ShouldEachHaveAChangeOrAReviewedReason()
    {
        var fields = FormatFields().ToList();

        var missing = fields.Where(f => !Mutations.ContainsKey(f) && !CannotWiden.ContainsKey(f)).ToList();
        Assert.True(missing.Count == 0, $"fields without a change the diff must show, or a reason they cannot widen access: {string.Join(", ", missing)}");
        // No stale entry: every change and every reason names a field the format still has.
        Assert.Empty(Mutations.Keys.Concat(CannotWiden.Keys).Except(fields));
        Assert.Empty(Mutations.Keys.Intersect(CannotWiden.Keys));
    }

    [Theory]
    [MemberData(nameof(MutatedFields))]
    public void Compare_WhenOneFieldOfAProductionDefinitionChanges_ShouldNeedAProductionReview(string field)
    {
        var mutation = Mutations[field];
        var text = File.ReadAllText(BaseFile);
        var before = BaseSide.Value;
        if (mutation.Setup is { } setup)
        {
            text = Replace(text, setup.From, setup.To);
            before = Side(text);
        }

        var diff = AccessDiffer.Compare([AccessDiffer.Compare(before, Side(Replace(text, mutation.From, mutation.To)))]);

        Assert.True(diff.AccessChanged, $"{field}: the diff reads 'no access change'");
        Assert.True(diff.ProductionAccessGrows, $"{field}: the diff does not ask for a production review:\n{DiffText.Render(diff)}");
    }

    [Fact]
    public void Compare_WhenTheBaseIsComparedWithItself_ShouldReportNoChange()
    {
        // The mutations are what changes: the base alone must read "no access change".
        var text = File.ReadAllText(BaseFile);

        var diff = AccessDiffer.Compare([AccessDiffer.Compare(BaseSide.Value, Side(text))]);

        Assert.False(diff.AccessChanged);
        Assert.False(diff.ProductionAccessGrows);
    }

    [Fact]
    public void SettingsDiff_WhenTheFormatIsWalked_ShouldCompareEveryEnvironmentField()
    {
        // The fail-closed comparison: a field of the environment the diff does not list could change in silence.
        // A list of objects (runnerEgress, vaultDevices) is compared as one value: its items as text.
        var expected = FormatFields(DefinitionFormat.Environment, "environment", listsAsOne: true).ToList();

        Assert.Equal(expected.Order(StringComparer.Ordinal), SettingsDiff.Fields.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("platformNamespaces: [ingress-nginx-prod, monitoring, cert-manager, vault]", "platformNamespaces: [ingress-nginx-prod, monitoring, cert-manager, vault, tools]", "environment.cluster.platformNamespaces")]
    [InlineData("platformServices: [ingress-nginx-prod]", "platformServices: []", "environment.cluster.platformServices")]
    [InlineData("approvalWaitTimer: 5m", "approvalWaitTimer: 10m", "environment.ci.approvalWaitTimer")]
    [InlineData("tokenTtlCeiling: 15m", "tokenTtlCeiling: 10m", "environment.tokenTtlCeiling")]
    [InlineData("retentionDays: 365", "retentionDays: 400", "environment.audit.retentionDays")]
    [InlineData("kubernetesCategories: [kube-audit-admin, guard]", "kubernetesCategories: [kube-audit-admin, guard, kube-audit]", "environment.audit.kubernetesCategories")]
    [InlineData("    environment: prod\n", "    environment: prod\n    repositoryOwners: [example-org]\n", "environment.ci.repositoryOwners")]
    [InlineData("tier: production", "tier: production", "")]
    public void Compare_WhenAProductionSettingNarrows_ShouldShowItWithoutAskingForAReview(string from, string to, string field)
    {
        // The mutation of each "widens" decision a test must catch: the same fields the other way round.
        var text = File.ReadAllText(BaseFile);

        var environment = AccessDiffer.Compare(BaseSide.Value, Side(Replace(text, from, to)));

        (string, bool)[] expected = field.Length == 0 ? [] : [(field, false)];
        Assert.Equal(expected, environment.Settings.Select(s => (s.Field, s.Widens)));
        Assert.False(environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData("reviewBy: 2027-01-31\n    maintainers: [alice-payments]", "reviewBy: 2027-01-15\n    maintainers: [alice-payments]", "review by", false)]
    [InlineData("reviewBy: 2027-01-31\n    maintainers: [alice-payments]", "reviewBy: 2027-02-01\n    maintainers: [alice-payments]", "review by", true)]
    [InlineData("team: fulfilment", "team: payments", "team", true)]
    public void Compare_WhenAPipelineSettingChanges_ShouldShowItOnEachOfItsStages(string from, string to, string field, bool widens)
    {
        var text = File.ReadAllText(BaseFile);

        var environment = AccessDiffer.Compare(BaseSide.Value, Side(Replace(text, from, to)));

        var changed = environment.Identities.Where(i => i.Trust.Any(t => t.Field == field)).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, i => Assert.Equal(widens, i.Trust.Single(t => t.Field == field).Widens));
        Assert.Equal(widens, environment.ProductionAccessGrows);
    }

    [Theory]
    [InlineData("minReplicas: 2, maxReplicas: 1000")]
    [InlineData("minReplicas: 0, maxReplicas: 10")]
    [InlineData("minReplicas: 2")]
    public void Compare_WhenAProductionScaleBoundIsLoosened_ShouldShowTheAdmissionPolicyChangeAsGrowth(string bounds)
    {
        // Found after the field walk: a capability's parameters (here scale's bounds) reach the admission
        // policy, not RBAC; the rows stay the same while the stage may now set any replica count.
        const string Scale = "          - scale:\n              deployments: [orders-worker]\n";
        string With(string parameters) => Replace(File.ReadAllText(BaseFile), Scale,
            Scale + string.Concat(parameters.Split(", ").Select(p => "              " + p + "\n")));

        var environment = AccessDiffer.Compare(Side(With("minReplicas: 2, maxReplicas: 10")), Side(With(bounds)));

        var change = Assert.Single(environment.Identities.SelectMany(i => i.Trust), t => t.Field == "admission policy");
        Assert.True(change.Widens);
        Assert.Equal(0, environment.Gained);
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenProductionBecomesNonProduction_ShouldJudgeTheChangeAsProduction()
    {
        // Leaving the tier and gaining a grant in one change: the grant is judged by the tier it leaves.
        var text = File.ReadAllText(BaseFile);
        var head = Replace(Replace(text, "tier: production", "tier: non-production"), "paths: [kv-prod/data/payments/api]", "paths: [kv-prod/data/payments/api, kv-prod/data/payments/other]");

        var environment = AccessDiffer.Compare(BaseSide.Value, Side(head));

        Assert.Equal(Tier.Production, environment.Tier);
        Assert.Contains(environment.Settings, s => s is { Field: "environment.tier", Before: "production", After: "non-production", Widens: true });
        Assert.Contains(environment.Identities.SelectMany(i => i.Changes), c => c.Change == Change.Gained && c.Risks.Contains(Risk.Production));
        Assert.True(environment.ProductionAccessGrows);
    }

    /// <summary>Every field path of an object spec, walking objects and lists of objects (or, with <paramref name="listsAsOne"/>, stopping at a list of objects).</summary>
    internal static IEnumerable<string> FormatFields(ObjectSpec spec, string prefix, bool listsAsOne = false)
    {
        foreach (var field in spec.Fields)
        {
            var path = $"{prefix}.{field.Name}";
            if (field.Object is { } inner && !(listsAsOne && field.Type == FieldType.ObjectList))
            {
                foreach (var nested in FormatFields(inner, path, listsAsOne))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    private static IEnumerable<string> FormatFields() =>
        FormatFields(DefinitionFormat.Environment, "environment").Concat(FormatFields(DefinitionFormat.Pipeline, "pipelines"));

    private static string Replace(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(at >= 0, $"every-field.prod.yaml no longer holds '{from}'");
        Assert.True(text.IndexOf(from, at + 1, StringComparison.Ordinal) < 0, $"'{from}' is not unique in every-field.prod.yaml");
        return string.Concat(text.AsSpan(0, at), to, text.AsSpan(at + from.Length));
    }

    /// <summary>A side as `access diff` builds it: the definition, its plan and its guardrail report.</summary>
    private static DiffSide Side(string text)
    {
        var result = DefinitionLoader.Load(text, "prod.yaml");
        Assert.True(result.Errors.IsEmpty, string.Join("\n", result.Errors));
        var plan = Planner.Build(result.Definition!, Today);
        return DiffSide.OfDefinition(plan, Guardrails.Check([result.Definition!], [plan], Today), result.Definition!);
    }
}
