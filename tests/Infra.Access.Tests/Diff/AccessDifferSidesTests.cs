using Infra.Access.Definition;
using Infra.Access.Deployer;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// How the differ treats its two sides as a whole: arguments it refuses, an environment that goes
/// away, which side names an identity's subject, the order of rows, findings and waivers, which
/// side's targets judge a row's production reach, and the endpoints that appear or go.
/// </summary>
public sealed class AccessDifferSidesTests
{
    private const string Id = "payments-api/deploy";

    private static readonly Plan Staging = AccessDifferTests.StackPlan("staging");

    private static readonly GuardrailReport NoFindings = new([], [], []);

    [Fact]
    public void Compare_WhenGivenNothing_ShouldRefuseByName()
    {
        var side = DiffSide.Of(Staging, []);
        var row = new AccessRow("staging", Id, AccessMatrix.Kubernetes, "payments-staging", "core/pods", "get");

        Assert.Equal("environments", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Compare((IEnumerable<EnvironmentDiff>)null!)).ParamName);
        Assert.Equal("baseFindings", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Compare(Staging, Staging, null!, [])).ParamName);
        Assert.Equal("headFindings", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Compare(Staging, Staging, [], null!)).ParamName);
        Assert.Equal("before", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Compare(null!, side)).ParamName);
        Assert.Equal("after", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Compare(side, null!)).ParamName);
        Assert.Equal("row", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Risks(null!, Staging, isNewIdentity: false)).ParamName);
        Assert.Equal("plan", Assert.Throws<ArgumentNullException>(() => AccessDiffer.Risks(row, null!, isNewIdentity: false)).ParamName);
    }

    [Fact]
    public void Compare_WhenNeitherSideHasAPlan_ShouldRefuseWithTheReason()
    {
        var plans = Assert.Throws<ArgumentException>(() => AccessDiffer.Compare(null, null, [], []));
        var sides = Assert.Throws<ArgumentException>(() => AccessDiffer.Compare(DiffSide.Of(null, []), DiffSide.Of(null, [])));

        Assert.Equal("headPlan", plans.ParamName);
        Assert.StartsWith("at least one of the plans is needed", plans.Message, StringComparison.Ordinal);
        Assert.Equal("after", sides.ParamName);
        Assert.StartsWith("at least one of the sides needs a plan", sides.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenTheHeadHasNoPlan_ShouldRemoveTheEnvironmentAndEveryIdentityInOrder()
    {
        var environment = AccessDiffer.Compare(Staging, null, [], []);

        Assert.Equal(("staging", EnvironmentStatus.Removed), (environment.Environment, environment.Status));
        Assert.Equal((0, AccessMatrix.Build(Staging).Length), (environment.Gained, environment.Lost));
        Assert.Empty(environment.IdentitiesAdded);
        Assert.Equal(10, environment.IdentitiesRemoved.Length);
        Assert.Equal(environment.IdentitiesRemoved.Order(StringComparer.Ordinal), environment.IdentitiesRemoved.AsEnumerable());
        // A removed identity is still named by the subject the base trusted; the deployer by its deploy job.
        var stage = environment.Identities.Single(i => i.Identity == Id);
        Assert.Equal((IdentityStatus.Removed, Staging.Identities.Single(i => i.Id == Id).CiSubject), (stage.Status, stage.CiSubject));
        Assert.Equal(DeployerRights.SignIn, environment.Identities.Single(i => DeployerRights.IsDeployerId(i.Identity)).CiSubject);
    }

    [Fact]
    public void Compare_WhenAStageHoldsRowsButHasNoTrustRecord_ShouldNameNoSubject()
    {
        var before = DiffSide.Of(Staging, []);
        before.Identities.Remove(Id);

        var environment = AccessDiffer.Compare(before, DiffSide.Of(null, []));

        Assert.Equal("", environment.Identities.Single(i => i.Identity == Id).CiSubject);
    }

    [Fact]
    public void Compare_WhenTheSubjectChanges_ShouldNameTheIdentityByTheHeadsSubject()
    {
        var (before, after) = (DiffSide.Of(Staging, []), DiffSide.Of(Staging, []));
        after.Identities[Id] = after.Identities[Id] with { CiSubject = "repo:example-org/payments-api:environment:other" };

        var identity = Assert.Single(AccessDiffer.Compare(before, after).Identities);

        Assert.Equal("repo:example-org/payments-api:environment:other", identity.CiSubject);
        Assert.Equal([new TrustChange("ci subject", before.Identities[Id].CiSubject, "repo:example-org/payments-api:environment:other", Widens: true)], identity.Trust.AsEnumerable());
    }

    [Fact]
    public void Compare_WhenAnIdentityGainsAndLosesRows_ShouldListTheGainsFirst()
    {
        var index = Staging.Vault.Policies.IndexOf(Staging.Vault.Policies.First(p => p.Owner.Subject == Id && p.Paths.Length > 0));
        var policy = Staging.Vault.Policies[index];
        var moved = Staging with
        {
            Vault = Staging.Vault with { Policies = Staging.Vault.Policies.SetItem(index, policy with { Paths = policy.Paths.SetItem(0, policy.Paths[0] with { Path = policy.Paths[0].Path + "-moved" }) }) },
        };

        var identity = AccessDiffer.Compare(Staging, moved, [], []).Identities.Single(i => i.Identity == Id);

        Assert.True(identity.Gained > 0);
        Assert.Equal(identity.Gained, identity.Lost);
        Assert.Equal(
            Enumerable.Repeat(Change.Gained, identity.Gained).Concat(Enumerable.Repeat(Change.Lost, identity.Lost)),
            identity.Changes.Select(c => c.Change));
        Assert.All(identity.Changes.Where(c => c.Change == Change.Gained), c => Assert.EndsWith("-moved", c.Resource, StringComparison.Ordinal));
    }

    [Fact]
    public void Compare_WhenFindingsAppear_ShouldListThemByEnvironmentRuleSubjectAndMessage()
    {
        // Fed in reverse order: each key must sort, not the input order.
        IReadOnlyList<Finding> head = [At("b", "AC001", "s", "m"), At("a", "AC002", "s", "m"), At("a", "AC001", "t", "m"), At("a", "AC001", "s", "n"), At("a", "AC001", "s", "m")];

        var environment = AccessDiffer.Compare(Staging, Staging, [], head);
        var resolved = AccessDiffer.Compare(Staging, Staging, head, []);

        string[] expected = ["a AC001 s m", "a AC001 s n", "a AC001 t m", "a AC002 s m", "b AC001 s m"];
        Assert.Equal(expected, environment.FindingsIntroduced.Select(f => $"{f.Environment} {f.RuleId} {f.Subject} {f.Message}"));
        Assert.Equal(expected, resolved.FindingsResolved.Select(f => $"{f.Environment} {f.RuleId} {f.Subject} {f.Message}"));
    }

    [Fact]
    public void Compare_WhenFindingsAreNewlyWaivedOrWaivedLonger_ShouldListThemByRuleSubjectObjectAndMessage()
    {
        var keys = new[] { ("AC002", "s", "o", "m"), ("AC001", "t", "o", "m"), ("AC001", "s", "p", "m"), ("AC001", "s", "o", "n"), ("AC001", "s", "o", "m") };
        var basis = keys.Select(k => Waived(k, new DateOnly(2026, 12, 1))).ToList();
        var later = keys.Select(k => Waived(k, new DateOnly(2027, 1, 1))).ToList();

        var introduced = AccessDiffer.Compare(DiffSide.Of(Staging, NoFindings), DiffSide.Of(Staging, new GuardrailReport([], [.. later], [])));
        var extended = AccessDiffer.Compare(DiffSide.Of(Staging, new GuardrailReport([], [.. basis], [])), DiffSide.Of(Staging, new GuardrailReport([], [.. later], [])));

        string[] expected = ["AC001 s o m", "AC001 s o n", "AC001 s p m", "AC001 t o m", "AC002 s o m"];
        Assert.Equal(expected, introduced.WaivedIntroduced.Select(w => Text(w.Finding)));
        Assert.Empty(extended.WaivedIntroduced);
        Assert.Equal(expected, extended.WaiversExtended.Select(w => Text(w.Waived.Finding)));
        Assert.All(extended.WaiversExtended, w => Assert.Equal(new DateOnly(2026, 12, 1), w.ExpiresBefore));
    }

    [Fact]
    public void Compare_WhenTheBaseWaivesAFindingTwice_ShouldJudgeTheHeadAgainstTheLaterExpiry()
    {
        var key = ("AC001", "s", "o", "m");
        var basis = new GuardrailReport([], [Waived(key, new DateOnly(2026, 12, 1)), Waived(key, new DateOnly(2027, 3, 1))], []);

        var within = AccessDiffer.Compare(DiffSide.Of(Staging, basis), DiffSide.Of(Staging, new GuardrailReport([], [Waived(key, new DateOnly(2027, 2, 1))], [])));
        var beyond = AccessDiffer.Compare(DiffSide.Of(Staging, basis), DiffSide.Of(Staging, new GuardrailReport([], [Waived(key, new DateOnly(2027, 4, 1))], [])));

        Assert.Empty(within.WaiversExtended);
        Assert.False(within.AccessChanged);
        Assert.Equal(new DateOnly(2027, 3, 1), Assert.Single(beyond.WaiversExtended).ExpiresBefore);
    }

    [Fact]
    public void Risks_WhenAKubernetesRowNamesNoSecret_ShouldStillFlagEverySecret()
    {
        var row = new AccessRow("staging", Id, AccessMatrix.Kubernetes, "payments-staging", "core/secrets", "list");

        Assert.Equal([Risk.Secret], AccessDiffer.Risks(row, Staging, isNewIdentity: false).AsEnumerable());
    }

    [Fact]
    public void Risks_WhenThePlanHasSeveralSecretsEngines_ShouldFlagACredsPathOfAnyOfThemAsACredential()
    {
        var role = Staging.Vault.KubernetesSecretRoles[0];
        var plan = Staging with { Vault = Staging.Vault with { KubernetesSecretRoles = Staging.Vault.KubernetesSecretRoles.Add(role with { Backend = "kubernetes-aks-other" }) } };
        var row = new AccessRow("staging", Id, AccessMatrix.Vault, role.Backend, $"{role.Backend}/creds/ci-payments-api-deploy", "update");

        Assert.Equal([Risk.Credential], AccessDiffer.Risks(row, plan, isNewIdentity: false).AsEnumerable());
    }

    [Fact]
    public void Compare_WhenTheRegistryAppearsOrGoes_ShouldReadNoneForTheMissingSideAndWidenOnlyWhenOneAppears()
    {
        var settings = Definition("staging").Environment;
        var registry = settings.Azure!.Registry!.Id;
        var without = settings with { Azure = settings.Azure with { Registry = null } };

        var gone = AccessDiffer.Compare(DiffSide.Of(Staging, NoFindings, settings), DiffSide.Of(Staging, NoFindings, without));
        var appeared = AccessDiffer.Compare(DiffSide.Of(Staging, NoFindings, without), DiffSide.Of(Staging, NoFindings, settings));

        Assert.Equal([new TrustChange("registry", registry, "none", Widens: false)], gone.Endpoints.AsEnumerable());
        Assert.Equal([new TrustChange("registry", "none", registry, Widens: true)], appeared.Endpoints.AsEnumerable());
    }

    [Fact]
    public void Compare_WhenStagingHasAlwaysSharedTheProductionVault_ShouldNotReportItReachingProductionAnew()
    {
        var (shared, prod) = SharedVaultAndProd();

        var diff = AccessDiffer.Compare([AccessDiffer.Compare(shared, shared), prod]);

        var staging = diff.Environments.Single(e => e.Environment == "staging");
        Assert.False(staging.EndpointsReachProduction);
        Assert.False(diff.ProductionAccessGrows);
    }

    [Fact]
    public void Compare_WhenAStageLosesRowsOffTheProductionVault_ShouldJudgeTheLostRowsWhereTheyWere()
    {
        // The base used production's Vault server; the head moves back to staging's and drops a policy.
        var (shared, prod) = SharedVaultAndProd();
        var policy = Staging.Vault.Policies.First(p => p.Owner.Subject == Id && p.Paths.Any(r => r.Path.StartsWith("kv-staging/", StringComparison.Ordinal)));
        var dropped = Staging with { Vault = Staging.Vault with { Policies = Staging.Vault.Policies.Remove(policy) } };
        var head = DiffSide.Of(dropped, NoFindings, Definition("staging").Environment);

        var diff = AccessDiffer.Compare([AccessDiffer.Compare(shared, head), prod]);

        var lost = diff.Environments.Single(e => e.Environment == "staging").Identities.Single(i => i.Identity == Id).Changes;
        Assert.NotEmpty(lost);
        Assert.All(lost, c => Assert.Equal(Change.Lost, c.Change));
        var secret = lost.First(c => c.Resource.StartsWith("kv-staging/", StringComparison.Ordinal) && c.Action == "read");
        Assert.Equal([Risk.Production, Risk.Secret, Risk.ProductionReach], secret.Risks.AsEnumerable());
    }

    private static (DiffSide Shared, EnvironmentDiff Prod) SharedVaultAndProd()
    {
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"));
        const string StagingVault = "https://vault.staging.example.internal:8200";
        Assert.Contains(StagingVault, text, StringComparison.Ordinal);
        var shared = DefinitionLoader.Load(text.Replace(StagingVault, "https://vault.prod.example.internal:8200", StringComparison.Ordinal), "stacks/staging.yaml").Definition!;
        var prodDefinition = Definition("prod");
        var prodSide = DiffSide.Of(Planner.Build(prodDefinition), NoFindings, prodDefinition.Environment);
        return (DiffSide.Of(Planner.Build(shared), NoFindings, shared.Environment), AccessDiffer.Compare(prodSide, prodSide));
    }

    private static EnvironmentDefinition Definition(string stack) =>
        DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("stacks", stack + ".yaml")), $"stacks/{stack}.yaml").Definition!;

    private static Finding At(string environment, string rule, string subject, string message) =>
        new(rule, "rule-name", Severity.Error, environment, subject, message, "fix it", new SourceLocation("stacks/staging.yaml", 1, 1));

    private static WaivedFinding Waived((string Rule, string Subject, string Object, string Message) key, DateOnly expires) => new(
        new Finding(key.Rule, "rule-name", Severity.Error, "staging", key.Subject, key.Message, "fix it", new SourceLocation("stacks/staging.yaml", 1, 1), key.Object),
        new Waiver(key.Rule, key.Subject, key.Object, "migration", expires, "grace", new SourceLocation("stacks/staging.yaml", 2, 1)));

    private static string Text(Finding finding) => $"{finding.RuleId} {finding.Subject} {finding.Object} {finding.Message}";
}
