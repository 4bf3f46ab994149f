using System.Collections.Immutable;
using Infra.Access.Admission;
using Infra.Access.Diff;
using Infra.Access.Governance;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The value texts a side reads from a plan and the diff shows: network flow lines, Pod Security
/// levels, trust fields joined from several Vault roles, governance absent on one side, admission
/// lines. Each test changes the production stack's plan in code and asserts the exact wording.
/// </summary>
public sealed class DiffSideValueTests
{
    private static readonly Plan Prod = AccessDifferTests.StackPlan("prod");

    private static readonly SourceLocation Here = SourceLocation.Unknown("test");

    private static readonly ImmutableSortedDictionary<string, string> NoLabels = ImmutableSortedDictionary<string, string>.Empty;

    [Fact]
    public void Compare_WhenANamespaceGainsFlows_ShouldWordEachDirectionPeerAndPort()
    {
        var policy = new NetworkPolicyDeclaration("tools", "tools-prod", ["Ingress", "Egress"],
            [
                new NetworkRule([new NetworkPeer("ingress-nginx-prod", null, null)], [new NetworkPort(8080, "TCP")]),
                new NetworkRule([], []),
            ],
            [
                new NetworkRule([new NetworkPeer(null, null, "10.0.0.0/8")], [new NetworkPort(443, "TCP"), new NetworkPort(53, "UDP")]),
                new NetworkRule([new NetworkPeer(null, NoLabels.Add("tier", "db").Add("app", "ledger"), null)], [new NetworkPort(5432, "TCP")]),
                new NetworkRule([new NetworkPeer("orders-prod", NoLabels.Add("app", "worker"), null)], [new NetworkPort(8080, "TCP")]),
            ],
            NoLabels, new Owner("payments-api", null, Here));
        var after = Prod with { Kubernetes = Prod.Kubernetes with { NetworkPolicies = Prod.Kubernetes.NetworkPolicies.Add(policy) } };

        var environment = AccessDiffer.Compare(Prod, after, [], []);

        Assert.Equal(
            [
                "egress to 10.0.0.0/8 443/TCP",
                "egress to 10.0.0.0/8 53/UDP",
                "egress to namespace *[app=ledger,tier=db] 5432/TCP",
                "egress to namespace orders-prod[app=worker] 8080/TCP",
                "ingress from any peer any port",
                "ingress from namespace ingress-nginx-prod 8080/TCP",
            ],
            environment.Network.Select(n => n.Flow));
        Assert.All(environment.Network, n => Assert.Equal((Change.Gained, "payments-api", "tools-prod", true), (n.Change, n.Pipeline, n.Namespace, n.Widens)));
    }

    [Fact]
    public void Compare_WhenAnEnvironmentPolicyOpensANamespace_ShouldNameTheEnvironmentAsItsOwner()
    {
        // The runners' namespace has no pipeline: its policies are the environment's.
        var policy = new NetworkPolicyDeclaration("runner-extra", "ci-runners-extra", ["Egress"], [],
            [new NetworkRule([new NetworkPeer(null, null, "10.50.99.0/24")], [new NetworkPort(22, "TCP")])],
            NoLabels, Owner.Environment(Here));
        var after = Prod with { Kubernetes = Prod.Kubernetes with { NetworkPolicies = Prod.Kubernetes.NetworkPolicies.Add(policy) } };

        var environment = AccessDiffer.Compare(Prod, after, [], []);

        Assert.Equal([new NetworkChange(Change.Gained, "environment", "ci-runners-extra", "egress to 10.50.99.0/24 22/TCP", true)], environment.Network.ToArray());
    }

    [Fact]
    public void Compare_WhenANamespaceGetsAPodSecurityPatchWithoutALevel_ShouldShowNoneOnItsOwner()
    {
        var patch = Prod.Kubernetes.PodSecurity.First(p => p.Owner.Pipeline == "payments-api");
        var unlabelled = new NamespaceLabelPatch("shared-tools", NoLabels, NoLabels, Owner.Environment(Here));
        var owned = patch with { Namespace = "payments-batch-prod", Labels = patch.Labels.SetItem(Access.Definition.PodSecurity.EnforceLabel, "baseline") };
        var after = Prod with { Kubernetes = Prod.Kubernetes with { PodSecurity = Prod.Kubernetes.PodSecurity.Add(unlabelled).Add(owned) } };

        var environment = AccessDiffer.Compare(Prod, after, [], []);

        Assert.Equal(
            [
                new NetworkChange(Change.Gained, "payments-api", "payments-batch-prod", "pod-security enforce baseline", true),
                new NetworkChange(Change.Gained, "environment", "shared-tools", "pod-security enforce none", true),
            ],
            environment.Network.ToArray());
    }

    [Fact]
    public void Compare_WhenAPipelineGainsNamespacesWithLevels_ShouldListEachNamespaceAndLevelInOrder()
    {
        var patches = Prod.Kubernetes.PodSecurity.Where(p => p.Owner.Pipeline == "payments-api").ToList();
        var patch = Assert.Single(patches);
        var level = patch.Enforce;
        Assert.NotNull(level);
        var before = Prod with { Kubernetes = Prod.Kubernetes with { PodSecurity = Prod.Kubernetes.PodSecurity.Remove(patch) } };
        var after = Prod with
        {
            Kubernetes = Prod.Kubernetes with
            {
                PodSecurity = Prod.Kubernetes.PodSecurity
                    .Add(patch with { Namespace = "payments-tmp-prod", Labels = patch.Labels.Remove(Access.Definition.PodSecurity.EnforceLabel) })
                    .Add(patch with { Namespace = "payments-batch-prod", Labels = patch.Labels.SetItem(Access.Definition.PodSecurity.EnforceLabel, "baseline") }),
            },
        };

        var environment = AccessDiffer.Compare(before, after, [], []);

        var payments = environment.Identities.Where(i => i.Identity.StartsWith("payments-api/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["payments-api/build", "payments-api/deploy", "payments-api/verify"], payments.Select(i => i.Identity));
        Assert.All(payments, i => Assert.Equal(
            [new TrustChange("pod security", "none", $"payments-batch-prod baseline; payments-prod {level}; payments-tmp-prod none", true)],
            i.Trust.Where(t => t.Field == "pod security").ToArray()));
    }

    [Fact]
    public void Compare_WhenAnIdentityIsListedTwice_ShouldKeepTheFirst()
    {
        var first = Prod.Identities.First(i => i.Id == "payments-api/deploy");
        var after = Prod with { Identities = Prod.Identities.Add(first with { CiSubject = "repo:example-org/fork:environment:prod" }) };

        var environment = AccessDiffer.Compare(Prod, after, [], []);

        Assert.DoesNotContain(environment.Identities, i => i.Identity == "payments-api/deploy");
    }

    [Fact]
    public void Compare_WhenEveryVaultRoleOfAnIdentityAttachesTheDefaultPolicy_ShouldShowItAttached()
    {
        var (role, before) = TwoRoles(r => r with { TokenNoDefaultPolicy = true }, r => r with { TokenNoDefaultPolicy = true });
        var after = WithRoles(before, role, r => r with { TokenNoDefaultPolicy = false }, r => r with { TokenNoDefaultPolicy = false });

        var trust = TrustOf(AccessDiffer.Compare(before, after, [], []), role.Owner.Subject);

        Assert.Equal([new TrustChange("default policy", "not attached", "attached", true)], trust);
    }

    [Fact]
    public void Compare_WhenOneOfTwoVaultRolesLivesLonger_ShouldShowTheLongestLifetime()
    {
        var (role, before) = TwoRoles(r => r with { TokenTtl = 300 }, r => r with { TokenTtl = 300 });
        var after = WithRoles(before, role, r => r with { TokenTtl = 300 }, r => r with { TokenTtl = 600 });

        var change = Assert.Single(TrustOf(AccessDiffer.Compare(before, after, [], []), role.Owner.Subject));

        Assert.Equal("token lifetime", change.Field);
        Assert.Contains("vault ttl 5m,", change.Before, StringComparison.Ordinal);
        Assert.Contains("vault ttl 10m,", change.After, StringComparison.Ordinal);
        Assert.True(change.Widens);
    }

    [Fact]
    public void Compare_WhenAClaimIsPinned_ShouldShowTheClaimsAsKeyEqualsValue()
    {
        var claims = ImmutableSortedDictionary<string, string>.Empty.Add("ref", "refs/heads/main");
        var (role, before) = TwoRoles(r => r with { BoundClaims = claims }, r => r with { BoundClaims = claims });
        var after = WithRoles(before, role, r => r with { BoundClaims = claims.Add("ref_type", "branch") }, r => r with { BoundClaims = claims });

        var trust = TrustOf(AccessDiffer.Compare(before, after, [], []), role.Owner.Subject);

        Assert.Equal([new TrustChange("bound claims", "ref=refs/heads/main", "ref=refs/heads/main, ref_type=branch", false)], trust);
    }

    [Fact]
    public void Compare_WhenVaultRolesNameAudiencesTwiceAndOutOfOrder_ShouldShowThemSortedOnce()
    {
        var (role, before) = TwoRoles(r => r with { BoundAudiences = ["vault"] }, r => r with { BoundAudiences = ["vault"] });
        var after = WithRoles(before, role, r => r with { BoundAudiences = ["zeta", "alpha"] }, r => r with { BoundAudiences = ["alpha"] });

        var trust = TrustOf(AccessDiffer.Compare(before, after, [], []), role.Owner.Subject);

        Assert.Equal([new TrustChange("vault audience", "vault", "alpha, zeta", true)], trust);
    }

    [Fact]
    public void Compare_WhenAnIdentityGainsItsWorkflowRef_ShouldShowNoneBeforeForTheRefAndItsOwners()
    {
        var identity = Prod.Identities.First(i => i.Id == "payments-api/deploy");
        Assert.NotNull(identity.WorkflowRef);
        var before = Prod with { Identities = Prod.Identities.Replace(identity, identity with { WorkflowRef = null }) };

        var trust = TrustOf(AccessDiffer.Compare(before, Prod, [], []), identity.Id);

        Assert.Equal(
            [
                new TrustChange("workflow ref", "none", identity.WorkflowRef, true),
                new TrustChange("workflow owners", "none", "alice-payments, bob-payments", true),
            ],
            trust);
    }

    [Fact]
    public void Compare_WhenTheWorkflowRefNamesNoFile_ShouldFindNoWorkflowOwners()
    {
        // "owner/repo@ref": no path between the repository and '@', so no CODEOWNERS line can own it.
        var identity = Prod.Identities.First(i => i.Id == "payments-api/deploy");
        var bare = identity.Repository + "@refs/heads/main";
        var after = Prod with { Identities = Prod.Identities.Replace(identity, identity with { WorkflowRef = bare }) };

        var trust = TrustOf(AccessDiffer.Compare(Prod, after, [], []), identity.Id);

        Assert.Equal(
            [
                new TrustChange("workflow ref", identity.WorkflowRef!, bare, true),
                new TrustChange("workflow owners", "alice-payments, bob-payments", "none", true),
            ],
            trust);
    }

    [Fact]
    public void Compare_WhenARepositoryGainsItsGovernance_ShouldShowNoneBeforeEachSetting()
    {
        var before = Prod with { Governance = new GovernancePlan([.. Prod.Governance.Repositories.Where(r => r.Repository != "example-org/ledger")]) };

        var trust = TrustOf(AccessDiffer.Compare(before, Prod, [], []), "ledger-migrations/migrate");

        Assert.Equal(
            [
                ("approval reviewers", "none", "carol-release"),
                ("self review", "none", "prevented"),
                ("deployment refs", "none", "branch main"),
                ("workflow owners", "none", "alice-payments"),
            ],
            trust.Where(t => t.Field != "wait timer").Select(t => (t.Field, t.Before, t.After)));
    }

    [Fact]
    public void Compare_WhenATagMayDeploy_ShouldNameTagsAndBranchesApart()
    {
        var after = Prod with
        {
            Governance = new GovernancePlan([.. Prod.Governance.Repositories.Select(r => r.Repository != "example-org/ledger" ? r : r with
            {
                Environments = [.. r.Environments.Select(e => e with { Refs = new DeploymentRefs(false, [new BranchPolicy("v*", RefKind.Tag), .. e.Refs.Custom]) })],
            })]),
        };

        var trust = TrustOf(AccessDiffer.Compare(Prod, after, [], []), "ledger-migrations/migrate");

        Assert.Equal([new TrustChange("deployment refs", "branch main", "branch main, tag v*", true)], trust);
    }

    [Fact]
    public void Compare_WhenOnlyOneSideKnowsTheDefinition_ShouldCompareNoPeople()
    {
        // A side built without its definition knows no approvers, maintainers or team: nothing to compare them with.
        var result = DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml")), "stacks/prod.yaml");
        var report = new GuardrailReport([], [], []);

        var environment = AccessDiffer.Compare(DiffSide.Of(Prod, report, result.Definition!.Environment), DiffSide.OfDefinition(Prod, report, result.Definition!));

        Assert.Empty(environment.Identities);
        Assert.False(environment.AccessChanged);
    }

    [Fact]
    public void Compare_WhenAnIdentityGainsAnAdmissionPolicy_ShouldListItsLines()
    {
        var policy = Prod.Admission.Policies.First(p => p.Owner.Subject == "payments-api/deploy");
        var extra = policy with
        {
            Name = "extra",
            MatchRules = [new AdmissionMatchRule(["apps", ""], ["v1"], ["CREATE", "UPDATE"], ["deployments", "statefulsets"])],
            ParamKind = null,
            Variables = [],
            Validations = [],
            FailurePolicy = "Fail",
            Bindings = [new AdmissionBinding("extra-binding", ["Deny", "Audit"], null, "payments-prod")],
        };
        var after = Prod with { Admission = new AdmissionPlan(Prod.Admission.Policies.Add(extra)) };

        var trust = TrustOf(AccessDiffer.Compare(Prod, after, [], []), "payments-api/deploy");

        Assert.Equal(
            [
                new TrustChange(
                    "admission policy",
                    "none",
                    "extra binding extra-binding Deny,Audit; extra failurePolicy Fail, params none; extra matches CREATE,UPDATE apps,/deployments,statefulsets",
                    true),
            ],
            trust);
    }

    [Fact]
    public void Compare_WhenAnIdentityWithoutAdmissionPolicyGainsOne_ShouldShowNoneBefore()
    {
        var identity = Prod.Identities.First(i => i.IsActive && !Prod.Admission.Policies.Any(p => p.Owner.Subject == i.Id));
        var policy = Prod.Admission.Policies[0] with
        {
            Name = "extra",
            Owner = new Owner(identity.Pipeline, identity.Stage, Here),
            MatchRules = [new AdmissionMatchRule(["apps"], ["v1"], ["UPDATE"], ["deployments"])],
            ParamKind = null,
            Variables = [],
            Validations = [],
            FailurePolicy = "Fail",
            Bindings = [],
        };
        var after = Prod with { Admission = new AdmissionPlan(Prod.Admission.Policies.Add(policy)) };

        var trust = TrustOf(AccessDiffer.Compare(Prod, after, [], []), identity.Id);

        Assert.Equal([new TrustChange("admission policy", "none", "extra failurePolicy Fail, params none; extra matches UPDATE apps/deployments", true)], trust);
    }

    /// <summary>The production plan with the first Vault JWT role of payments-api/deploy replaced by two roles made from it.</summary>
    private static (JwtRoleDeclaration Role, Plan Plan) TwoRoles(Func<JwtRoleDeclaration, JwtRoleDeclaration> first, Func<JwtRoleDeclaration, JwtRoleDeclaration> second)
    {
        var role = Prod.Vault.JwtRoles.First(r => r.Owner.Subject == "payments-api/deploy");
        var a = first(role);
        var b = second(role) with { Name = role.Name + "-second" };
        return (a, Prod with { Vault = Prod.Vault with { JwtRoles = Prod.Vault.JwtRoles.Replace(role, a).Add(b) } });
    }

    /// <summary>The plan of <see cref="TwoRoles"/> with both roles changed again.</summary>
    private static Plan WithRoles(Plan plan, JwtRoleDeclaration role, Func<JwtRoleDeclaration, JwtRoleDeclaration> first, Func<JwtRoleDeclaration, JwtRoleDeclaration> second)
    {
        var roles = plan.Vault.JwtRoles;
        var other = roles.Single(r => r.Name == role.Name + "-second");
        return plan with { Vault = plan.Vault with { JwtRoles = roles.Replace(role, first(role)).Replace(other, second(other)) } };
    }

    private static TrustChange[] TrustOf(EnvironmentDiff environment, string identity) =>
        [.. Assert.Single(environment.Identities, i => i.Identity == identity).Trust];
}
