using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Rules;
using static Infra.Access.Tests.Diff.DiffFixtures;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The pull-request comment on small hand-built diffs: each cell a reviewer reads (risk words, widens
/// column, endpoints, settings, findings and their "and N more" lines, escaping), asserted as the exact line.
/// </summary>
public sealed class DiffMarkdownTests
{
    private static readonly IdentityDiff Reader = Identity("payments-api/deploy", IdentityStatus.Changed, Row(Change.Gained, "pods"));

    [Fact]
    public void Render_WhenTheDiffIsNull_ShouldThrowArgumentNullExceptionNamingTheDiff()
    {
        var error = Assert.Throws<ArgumentNullException>(() => DiffMarkdown.Render(null!, DiffMarkdownOptions.Unbounded));

        Assert.Equal("diff", error.ParamName);
    }

    [Fact]
    public void Render_WhenTheOptionsAreNull_ShouldThrowArgumentNullExceptionNamingTheOptions()
    {
        var diff = DiffOf(Environment("staging", Tier.NonProduction, Reader));

        var error = Assert.Throws<ArgumentNullException>(() => DiffMarkdown.Render(diff, null!));

        Assert.Equal("options", error.ParamName);
    }

    [Fact]
    public void Render_WhenNoEnvironmentWasCompared_ShouldSaySoUnderTheHeadingAndNothingElse()
    {
        var comment = DiffMarkdown.Render(DiffOf(), DiffMarkdownOptions.Unbounded);

        Assert.Equal("<!-- access-diff -->\n## Access diff\n\nNo environment definitions were compared.\n", comment);
    }

    [Fact]
    public void Render_WhenATrustChangeDoesNotWiden_ShouldCallItPlainTrustAndSayNoInTheWidensColumn()
    {
        var identity = Identity("payments-api/deploy", IdentityStatus.Changed) with { Trust = [new TrustChange("token lifetime", "600", "300", Widens: false)] };

        var comment = DiffMarkdown.Render(DiffOf(Environment("staging", Tier.NonProduction, identity)), DiffMarkdownOptions.Unbounded);

        var lines = comment.Split('\n');
        Assert.Contains("| ~ | trust | staging | `payments-api/deploy` | token lifetime: `600` -> `300` |", lines);
        Assert.Contains("| token lifetime | no | `600` | `300` |", lines);
    }

    [Fact]
    public void Render_WhenAProductionFlowIsLost_ShouldCallItProductionNetworkInBoldWithoutWidens()
    {
        var environment = Environment("prod", Tier.Production) with
        {
            Network = [new NetworkChange(Change.Lost, "payments-api", "payments", "egress to 10.60.0.0/16 22/TCP", Widens: false)],
        };

        var comment = DiffMarkdown.Render(DiffOf(environment), DiffMarkdownOptions.Unbounded);

        Assert.Contains("| - | **production, network** | prod | `payments` | egress to 10.60.0.0/16 22/TCP |", comment.Split('\n'));
    }

    [Fact]
    public void Render_WhenEndpointsMove_ShouldListEachWithWhetherItWidensAndOntoProduction()
    {
        var staging = Environment("staging", Tier.NonProduction) with
        {
            Endpoints =
            [
                new TrustChange("environment.cluster.apiServer", "https://staging:6443", "https://prod:6443", Widens: true),
                new TrustChange("environment.registry", "registry.prod", "registry.staging", Widens: false),
            ],
            EndpointsReachProduction = true,
        };
        var dev = Environment("dev", Tier.NonProduction) with
        {
            Endpoints = [new TrustChange("environment.vault.address", "https://vault-dev", "https://vault-dev2", Widens: true)],
        };

        var comment = DiffMarkdown.Render(DiffOf(staging, dev), DiffMarkdownOptions.Unbounded);

        Assert.Contains(
            "\n### Changes to existing identities\n"
            + "\n#### staging: every identity (endpoints moved)\n\n"
            + "| endpoint | widens | before | after |\n|---|---|---|---|\n"
            + "| environment.cluster.apiServer | **yes, onto production** | `https://staging:6443` | `https://prod:6443` |\n"
            + "| environment.registry | no | `registry.prod` | `registry.staging` |\n"
            + "\n#### dev: every identity (endpoints moved)\n\n"
            + "| endpoint | widens | before | after |\n|---|---|---|---|\n"
            + "| environment.vault.address | **yes** | `https://vault-dev` | `https://vault-dev2` |\n",
            comment,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenASettingNarrows_ShouldSayNoInItsWidensColumn()
    {
        var environment = Environment("staging", Tier.NonProduction) with
        {
            Settings = [new TrustChange("environment.cluster.platformNamespaces", "kube-system, ingress", "kube-system", Widens: false)],
        };

        var comment = DiffMarkdown.Render(DiffOf(environment), DiffMarkdownOptions.Unbounded);

        Assert.Contains("| `environment.cluster.platformNamespaces` | no | `kube-system, ingress` | `kube-system` |", comment.Split('\n'));
    }

    [Theory]
    [InlineData(DiffMarkdown.FoldRowsAbove, false)]
    [InlineData(DiffMarkdown.FoldRowsAbove + 1, true)]
    public void Render_WhenAnIdentityChangesMoreThanTenGrants_ShouldFoldItsTableAndOnlyThen(int grants, bool folded)
    {
        var identity = Identity("payments-api/deploy", IdentityStatus.Changed, [.. Many(grants, i => Row(Change.Gained, $"configmap-{i:D2}"))]);

        var comment = DiffMarkdown.Render(DiffOf(Environment("staging", Tier.NonProduction, identity)), DiffMarkdownOptions.Unbounded);

        Assert.Equal(folded, comment.Contains(
            $"\n<details><summary>{grants} changed grants</summary>\n\n| | risk | system | scope | resource | action | granted by |", StringComparison.Ordinal));
        Assert.Equal(folded, comment.Contains("`configmap-10` | get | Role payments/ci-deploy |\n\n</details>\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Render_WhenAListHasMoreThanFiftyFindings_ShouldShowFiftyAndCountTheRestInEveryList()
    {
        var environment = Environment("staging", Tier.NonProduction) with
        {
            FindingsIntroduced = Many(DiffMarkdown.MaxFindings + 1, i => Finding($"introduced {i}")),
            WaivedIntroduced = Many(DiffMarkdown.MaxFindings + 1, i => Waived($"waived {i}")),
            WaiversExtended = Many(DiffMarkdown.MaxFindings + 1, i => new ExtendedWaiver(Waived($"extended {i}"), new DateOnly(2026, 11, 30))),
            FindingsResolved = Many(DiffMarkdown.MaxFindings, i => Finding($"resolved {i}")),
        };

        var comment = DiffMarkdown.Render(DiffOf(environment), DiffMarkdownOptions.Unbounded);

        const string More = "- ... and 1 more (full report)\n";
        Assert.Contains("on `payments-api/deploy`: introduced 49 (stacks/staging.yaml:10:3)\n" + More + "\nWaived by an exception (new in this change):\n", comment, StringComparison.Ordinal);
        Assert.Contains("on `payments-api/deploy`: waived 49 (stacks/staging.yaml:10:3; exception at stacks/staging.yaml:5:5, approved by grace, expires 2026-12-20)\n"
            + More + "\nWaived for longer (the exception's expiry moves out):\n", comment, StringComparison.Ordinal);
        Assert.Contains("on `payments-api/deploy`: extended 49 (exception at stacks/staging.yaml:5:5, approved by grace, expires 2026-11-30 -> **2026-12-20**)\n"
            + More + "\nResolved:\n", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("introduced 50", comment, StringComparison.Ordinal);
        // Exactly fifty resolved: all shown, no "and 0 more" line.
        Assert.Contains("on `payments-api/deploy`: resolved 49 (stacks/staging.yaml:10:3)\n", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("more (full report)", comment[comment.IndexOf("\nResolved:\n", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(3, comment.Split(More).Length - 1);
    }

    [Fact]
    public void Render_WhenAWarningIsIntroducedOrWaivedForLonger_ShouldSayWarningNotBoldError()
    {
        var environment = Environment("staging", Tier.NonProduction) with
        {
            FindingsIntroduced = [Finding("a warning appears", Severity.Warning)],
            WaiversExtended = [new ExtendedWaiver(Waived("a warning waived longer", Severity.Warning), new DateOnly(2026, 11, 30))],
        };

        var comment = DiffMarkdown.Render(DiffOf(environment), DiffMarkdownOptions.Unbounded);

        var lines = comment.Split('\n');
        Assert.Contains("- warning `K8S005` no-kubernetes-secret-access on `payments-api/deploy`: a warning appears (stacks/staging.yaml:10:3)", lines);
        Assert.Contains("- warning `K8S005` no-kubernetes-secret-access on `payments-api/deploy`: a warning waived longer (exception at stacks/staging.yaml:5:5, approved by grace, expires 2026-11-30 -> **2026-12-20**)", lines);
        Assert.DoesNotContain("**error**", comment, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "1 identity loses all access (1 grant)")]
    [InlineData(2, "2 identities lose all access (2 grants)")]
    public void Render_WhenIdentitiesLoseAllAccess_ShouldCountThemInTheFoldedRemovalsSummary(int count, string summary)
    {
        var removed = Many(count, i => Identity($"batch-{i}/deploy", IdentityStatus.Removed, Row(Change.Lost, "pods")));

        var comment = DiffMarkdown.Render(DiffOf(Environment("staging", Tier.NonProduction, [.. removed])), DiffMarkdownOptions.Unbounded);

        Assert.Contains($"\n### Removals\n\n<details><summary>{summary}</summary>\n\n#### staging: `batch-0/deploy` (loses all access, +0, -1)\n", comment, StringComparison.Ordinal);
        Assert.EndsWith("\n</details>\n", comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenNamesCarryAmpersandsAndLineBreaks_ShouldEscapeThemAndKeepEachCellOnOneLine()
    {
        var identity = Identity("payments-api/deploy", IdentityStatus.Changed) with
        {
            CiSubject = "repo:org/payments\nref:main",
            Trust = [new TrustChange("subject & audience\nclaims", "a\nb", "c", Widens: false)],
        };

        var comment = DiffMarkdown.Render(DiffOf(Environment("staging", Tier.NonProduction, identity)), DiffMarkdownOptions.Unbounded);

        var lines = comment.Split('\n');
        Assert.Contains("| subject &amp; audience claims | no | `a b` | `c` |", lines);
        Assert.Contains("  n0[\"repo:org/payments ref:main\"]", lines);
    }
}
