using Infra.Access.Diff;
using Infra.Access.Planning;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The trust of one identity as the differ compares it (who may assume it, who governs it, what
/// its admission policies let through): the texts a reviewer reads and which changes widen.
/// Each test edits the head's (or base's) record of one staging identity and compares the sides.
/// </summary>
public sealed class AccessDifferTrustTests
{
    private const string Id = "payments-api/deploy";

    private static readonly Plan Staging = AccessDifferTests.StackPlan("staging");

    private static readonly Plan Prod = AccessDifferTests.StackPlan("prod");

    [Theory]
    [InlineData("approvers", "", "carol-release")]
    [InlineData("approvers", "carol-release", "")]
    [InlineData("maintainers", "", "alice-payments")]
    [InlineData("maintainers", "alice-payments", "")]
    [InlineData("team", "", "payments")]
    [InlineData("team", "payments", "")]
    public void Compare_WhenAGoverningListIsKnownOnOneSideOnly_ShouldReportNoTrustChange(string field, string before, string after)
    {
        // A side built without its definition knows no one: its empty list is not "everyone removed".
        var environment = Compare(i => Governed(i, field, before), i => Governed(i, field, after));

        Assert.Empty(environment.Identities);
        Assert.False(environment.AccessChanged);
    }

    [Theory]
    [InlineData("approvers", "carol-release", "carol-release, mallory", true)]
    [InlineData("approvers", "carol-release, dan-release", "carol-release", false)]
    [InlineData("maintainers", "alice-payments", "alice-payments, mallory", true)]
    [InlineData("maintainers", "alice-payments, bob-payments", "bob-payments", false)]
    [InlineData("team", "payments", "platform", true)]
    public void Compare_WhenAGoverningListChangesOnBothSides_ShouldReportItWideningOnlyWhenSomeoneIsAdded(string field, string before, string after, bool widens)
    {
        var environment = Compare(i => Governed(i, field, before), i => Governed(i, field, after));

        var identity = Assert.Single(environment.Identities);
        Assert.Equal([new TrustChange(field, before, after, widens)], identity.Trust.AsEnumerable());
        Assert.Empty(identity.Changes);
    }

    [Fact]
    public void Compare_WhenTheApprovalGateIsAddedOrDropped_ShouldReadRequiredOrNoneAndWidenOnlyWhenDropped()
    {
        var dropped = Single(Compare(i => i with { ApprovalGated = true }, i => i with { ApprovalGated = false }));
        var added = Single(Compare(i => i with { ApprovalGated = false }, i => i with { ApprovalGated = true }));

        Assert.Equal(new TrustChange("approval gate", "required", "none", Widens: true), dropped);
        Assert.Equal(new TrustChange("approval gate", "none", "required", Widens: false), added);
    }

    [Fact]
    public void Compare_WhenTheDefaultPolicyIsAttachedOrDetached_ShouldNameBothStatesAndWidenOnlyWhenAttached()
    {
        var attached = Single(Compare(i => i with { DefaultPolicy = false }, i => i with { DefaultPolicy = true }));
        var detached = Single(Compare(i => i with { DefaultPolicy = true }, i => i with { DefaultPolicy = false }));

        Assert.Equal(new TrustChange("default policy", "not attached", "attached", Widens: true), attached);
        Assert.Equal(new TrustChange("default policy", "attached", "not attached", Widens: false), detached);
    }

    [Fact]
    public void Compare_WhenATokenLifetimeGrows_ShouldSpellEveryLifetimeAndNameUnsetOnesNone()
    {
        var change = Single(Compare(
            i => i with { Lifetimes = new DiffSide.TokenLifetimes(3600, 0, 0, 0, 0, 0) },
            i => i with { Lifetimes = new DiffSide.TokenLifetimes(5400, 600, 0, 0, 0, 7200) }));

        Assert.Equal(
            new TrustChange(
                "token lifetime",
                "stage 1h; vault ttl none, max none, explicit max none; kubernetes token none, max none",
                "stage 1h30m; vault ttl 10m, max none, explicit max none; kubernetes token none, max 2h",
                Widens: true),
            change);
    }

    [Fact]
    public void Compare_WhenAnIssuerAppearsOrGoes_ShouldReadNoneForTheEmptySideAndWidenOnlyWhenOneAppears()
    {
        var appeared = Single(Compare(i => i with { Issuer = "" }, i => i with { Issuer = "https://oidc.example" }));
        var gone = Single(Compare(i => i with { Issuer = "https://oidc.example" }, i => i with { Issuer = "" }));

        Assert.Equal(new TrustChange("issuer", "none", "https://oidc.example", Widens: true), appeared);
        // No credential left trusts nothing: an emptied field never widens.
        Assert.Equal(new TrustChange("issuer", "https://oidc.example", "none", Widens: false), gone);
    }

    [Fact]
    public void Compare_WhenAPinIsDroppedWithTheLastVaultRole_ShouldNotWiden()
    {
        var environment = Compare(
            i => i with { VaultAuthMount = "jwt-ci-staging", VaultClaims = "environment=staging, repository=example-org/payments-api" },
            i => i with { VaultAuthMount = "", VaultClaims = "repository=example-org/payments-api" });

        Assert.Equal(
            [
                new TrustChange("vault auth mount", "jwt-ci-staging", "none", Widens: false),
                new TrustChange("bound claims", "environment=staging, repository=example-org/payments-api", "repository=example-org/payments-api", Widens: false),
            ],
            Assert.Single(environment.Identities).Trust.AsEnumerable());
    }

    [Fact]
    public void Compare_WhenAPinIsDroppedWhileTheVaultRoleStays_ShouldWiden()
    {
        var change = Single(Compare(
            i => i with { VaultAuthMount = "jwt-ci-staging", VaultClaims = "environment=staging, repository=example-org/payments-api" },
            i => i with { VaultAuthMount = "jwt-ci-staging", VaultClaims = "repository=example-org/payments-api" }));

        Assert.Equal(new TrustChange("bound claims", "environment=staging, repository=example-org/payments-api", "repository=example-org/payments-api", Widens: true), change);
    }

    [Theory]
    [InlineData("string", "string, glob", true)]
    [InlineData("glob", "string", false)]
    public void Compare_WhenOneRoleOfSeveralMatchesClaimsAsGlobs_ShouldWiden(string before, string after, bool widens)
    {
        var change = Single(Compare(i => i with { VaultClaimsType = before }, i => i with { VaultClaimsType = after }));

        Assert.Equal(new TrustChange("bound claims type", before, after, widens), change);
    }

    [Fact]
    public void Compare_WhenReviewersAppearWhereThereWereNone_ShouldReadNoneBeforeAndWiden()
    {
        var change = Single(Compare(
            i => i with { Governance = DiffSide.DiffGovernance.None },
            i => i with { Governance = DiffSide.DiffGovernance.None with { Reviewers = "carol-release" } }));

        Assert.Equal(new TrustChange("approval reviewers", "none", "carol-release", Widens: true), change);
    }

    [Fact]
    public void Compare_WhenTheWaitTimerShortens_ShouldWidenAndSpellMinutes()
    {
        var governance = DiffSide.DiffGovernance.None with { Reviewers = "carol-release" };

        var change = Single(Compare(i => i with { Governance = governance with { WaitTimerMinutes = 30 } }, i => i with { Governance = governance with { WaitTimerMinutes = 5 } }));

        Assert.Equal(new TrustChange("wait timer", "30m", "5m", Widens: true), change);
    }

    [Fact]
    public void Compare_WhenPodSecurityIsSetWhereNoneWas_ShouldListEveryNamespaceAndWidenIfOneIsBelowRestricted()
    {
        var change = Single(Compare(i => i with { PodSecurity = "" }, i => i with { PodSecurity = "payments-batch restricted\npayments-staging baseline" }));

        Assert.Equal(new TrustChange("pod security", "none", "payments-batch restricted; payments-staging baseline", Widens: true), change);
    }

    [Fact]
    public void Compare_WhenANamespaceIsAddedAtTheLevelTheOthersKeep_ShouldNotWiden()
    {
        var change = Single(Compare(
            i => i with { PodSecurity = "payments-staging baseline" },
            i => i with { PodSecurity = "payments-batch restricted\npayments-staging baseline" }));

        // Nothing enforces less than before: the new namespace is at the default, the other kept its level.
        Assert.Equal(new TrustChange("pod security", "payments-staging baseline", "payments-batch restricted; payments-staging baseline", Widens: false), change);
    }

    [Fact]
    public void Compare_WhenAdmissionLinesAreOnlyRemoved_ShouldListThemInOrderAndNotWiden()
    {
        var change = Single(Compare(i => i with { Admission = "b validates y\na validates x" }, i => i with { Admission = "" }));

        Assert.Equal(new TrustChange("admission policy", "a validates x; b validates y", "none", Widens: false), change);
    }

    [Fact]
    public void Compare_WhenAdmissionLinesAreOnlyAdded_ShouldListThemInOrderAndWiden()
    {
        var change = Single(Compare(i => i with { Admission = "" }, i => i with { Admission = "b validates y\na validates x" }));

        Assert.Equal(new TrustChange("admission policy", "none", "a validates x; b validates y", Widens: true), change);
    }

    [Fact]
    public void Compare_WhenAnAdmissionLineIsExactlyTheExcerptLength_ShouldShowItUncut()
    {
        var line = "c validates " + new string('x', 160 - 12);
        var longer = "d validates " + new string('y', 161 - 12);
        Assert.Equal(160, line.Length);

        var change = Single(Compare(i => i with { Admission = line + "\n" + longer }, i => i with { Admission = "" }));

        Assert.Equal(new TrustChange("admission policy", line + "; " + longer[..160] + "...", "none", Widens: false), change);
    }

    [Fact]
    public void Compare_WhenAnAdmissionVariableChangesNearItsStart_ShouldShowTheWholeShortLinesWithoutEllipsis()
    {
        // The two values share "p variable v = qx" and the 30-character tail; the base has one x more.
        const string Tail = "abcdefghijklmnopqrstuvwxyz0123";
        var change = Single(Compare(
            i => i with { Admission = "p variable v = qxx" + Tail },
            i => i with { Admission = "p variable v = qx" + Tail }));

        Assert.Equal(new TrustChange("admission policy", "p variable v: = qxx" + Tail, "p variable v: = qx" + Tail, Widens: true), change);
    }

    [Theory]
    [InlineData("approval gate dropped", true)]
    [InlineData("approval gate added", false)]
    [InlineData("default policy attached", true)]
    [InlineData("default policy detached", false)]
    [InlineData("approver added", true)]
    [InlineData("approver removed", false)]
    [InlineData("wait timer shortened", true)]
    [InlineData("issuer gone", false)]
    public void Compare_WhenAProductionIdentitysTrustChanges_ShouldGrowProductionExactlyWhenTheChangeWidens(string edit, bool widens)
    {
        Func<DiffSide.DiffIdentity, DiffSide.DiffIdentity> same = i => i;
        var (before, after) = edit switch
        {
            "approval gate dropped" => (same, i => i with { ApprovalGated = false }),
            "approval gate added" => (i => i with { ApprovalGated = false }, same),
            "default policy attached" => (same, i => i with { DefaultPolicy = true }),
            "default policy detached" => (i => i with { DefaultPolicy = true }, same),
            "approver added" => (same, i => i with { Approvers = "carol-release, mallory" }),
            "approver removed" => (i => i with { Approvers = "carol-release, mallory" }, same),
            "wait timer shortened" => (same, i => i with { Governance = i.Governance with { WaitTimerMinutes = 5 } }),
            _ => (same, new Func<DiffSide.DiffIdentity, DiffSide.DiffIdentity>(i => i with { Issuer = "" })),
        };

        var production = Compare(i => before(Known(i)), i => after(Known(i)), Prod);
        var staging = Compare(i => before(Known(i)), i => after(Known(i)));

        Assert.Equal(widens, Single(production).Widens);
        Assert.True(production.AccessChanged);
        Assert.Equal(widens, production.ProductionAccessGrows);
        // The same change outside production changes access but grows no production access.
        Assert.Equal(widens, Single(staging).Widens);
        Assert.True(staging.AccessChanged);
        Assert.False(staging.ProductionAccessGrows);
    }

    /// <summary>A gated identity with one approver, a 30-minute wait timer, an issuer and no default policy, on both sides before the edit.</summary>
    private static DiffSide.DiffIdentity Known(DiffSide.DiffIdentity identity) => identity with
    {
        ApprovalGated = true,
        DefaultPolicy = false,
        Approvers = "carol-release",
        Issuer = "https://token.actions.githubusercontent.com",
        Governance = identity.Governance with { WaitTimerMinutes = 30 },
    };

    private static TrustChange Single(EnvironmentDiff environment) => Assert.Single(Assert.Single(environment.Identities).Trust.AsEnumerable());

    private static DiffSide.DiffIdentity Governed(DiffSide.DiffIdentity identity, string field, string value) => field switch
    {
        "approvers" => identity with { Approvers = value },
        "maintainers" => identity with { Maintainers = value },
        _ => identity with { Team = value },
    };

    /// <summary>Compares staging with itself, the one identity's record edited on each side.</summary>
    internal static EnvironmentDiff Compare(Func<DiffSide.DiffIdentity, DiffSide.DiffIdentity> before, Func<DiffSide.DiffIdentity, DiffSide.DiffIdentity> after, Plan? plan = null)
    {
        var (was, now) = (DiffSide.Of(plan ?? Staging, []), DiffSide.Of(plan ?? Staging, []));
        was.Identities[Id] = before(was.Identities[Id]);
        now.Identities[Id] = after(now.Identities[Id]);
        return AccessDiffer.Compare(was, now);
    }
}
