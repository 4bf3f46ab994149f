using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The one summary line per environment a reviewer reads first (issue 12): every count it names,
/// singular and plural, and what it says when no access changed but an exception newly hides a finding.
/// </summary>
public sealed class DiffWordingTests
{
    private static readonly SourceLocation At = new("stacks/prod.yaml", 3, 5);
    private static readonly Finding Finding = new("AX001", "no-wildcards", Severity.Error, "prod", "payments-api/deploy", "wildcard", "name the resource", At);
    private static readonly WaivedFinding Waived = new(Finding, new Waiver("AX001", "payments-api/deploy", null, "migration", new DateOnly(2027, 1, 31), "security-team", At));
    private static readonly TrustChange Moved = new("vault address", "https://a", "https://b", true);

    [Fact]
    public void Summary_WhenNothingChanged_ShouldSayNoAccessChange()
    {
        Assert.Equal("no access change", DiffWording.Summary(Environment()));
        Assert.Equal("no access change (new environment)", DiffWording.Summary(Environment() with { Status = EnvironmentStatus.Added }));
        Assert.Equal("no access change (environment removed)", DiffWording.Summary(Environment() with { Status = EnvironmentStatus.Removed }));
    }

    [Fact]
    public void Summary_WhenOnlyAnExceptionChanged_ShouldNameWhatItHides()
    {
        var warning = Waived with { Finding = Finding with { Severity = Severity.Warning } };
        var one = Environment() with { WaivedIntroduced = [warning] };
        var many = Environment() with
        {
            WaivedIntroduced = [warning, warning],
            WaiversExtended = [new ExtendedWaiver(warning, new DateOnly(2027, 1, 1)), new ExtendedWaiver(warning, new DateOnly(2027, 1, 2))],
        };

        Assert.Equal("no access change, 1 newly waived finding", DiffWording.Summary(one));
        Assert.Equal("no access change, 2 newly waived findings, 2 waivers extended", DiffWording.Summary(many));
        Assert.Equal("no access change, 1 waiver extended (new environment)", DiffWording.Summary(Environment() with { Status = EnvironmentStatus.Added, WaiversExtended = [new ExtendedWaiver(warning, new DateOnly(2027, 1, 1))] }));
        // An error an exception newly hides is an access change: the counts come first.
        Assert.Equal("+0 identities, -0 identities, +0 grants, -0 grants, 1 newly waived finding", DiffWording.Summary(Environment() with { WaivedIntroduced = [Waived] }));
    }

    [Fact]
    public void Summary_WhenIdentitiesAndGrantsChange_ShouldCountEachSingularOrPlural()
    {
        var identity = new IdentityDiff("a/deploy", IdentityStatus.Added, "repo:x", [], []);
        var one = Environment(added: ["a/deploy"], removed: ["b/deploy"], gained: 1, lost: 1) with { Identities = [identity] };
        var many = Environment(added: ["a/deploy", "c/deploy"], removed: ["b/deploy", "d/deploy"], gained: 12, lost: 3) with { Identities = [identity] };

        Assert.Equal("+1 identity, -1 identity, +1 grant, -1 grant", DiffWording.Summary(one));
        Assert.Equal("+2 identities, -2 identities, +12 grants, -3 grants (new environment)", DiffWording.Summary(many with { Status = EnvironmentStatus.Added }));
    }

    [Fact]
    public void Summary_WhenEndpointsSettingsTrustAndNetworkChange_ShouldNameEachInOrder()
    {
        var trust = new IdentityDiff("a/deploy", IdentityStatus.Changed, "repo:x", [new TrustChange("issuer", "a", "b", true)], []);
        var flow = new NetworkChange(Change.Gained, "a", "payments", "egress to 10.0.0.0/8 443/TCP", true);
        var environment = Environment() with
        {
            Identities = [trust, trust with { Identity = "b/deploy" }],
            Network = [flow, flow with { Flow = "default-deny", Change = Change.Lost }, flow with { Namespace = "billing" }],
            Endpoints = [Moved, Moved with { Field = "cluster" }],
            Settings = [Moved with { Field = "environment.tier" }],
            WaivedIntroduced = [Waived],
        };

        Assert.Equal(
            "+0 identities, -0 identities, +0 grants, -0 grants, 2 trust changes, 2 namespaces' network changed, 2 endpoints moved, 1 environment setting changed, 1 newly waived finding (environment removed)",
            DiffWording.Summary(environment with { Status = EnvironmentStatus.Removed }));
        Assert.Equal(
            "+0 identities, -0 identities, +0 grants, -0 grants, 1 trust change, 1 namespace's network changed, 1 endpoint moved, 2 environment settings changed",
            DiffWording.Summary(environment with { Identities = [trust], Network = [flow], Endpoints = [Moved], Settings = [Moved, Moved], WaivedIntroduced = [] }));
    }

    private static EnvironmentDiff Environment(ImmutableArray<string> added = default, ImmutableArray<string> removed = default, int gained = 0, int lost = 0) =>
        new("prod", Tier.Production, EnvironmentStatus.Changed, added.IsDefault ? [] : added, removed.IsDefault ? [] : removed, gained, lost, [], [], [], []);
}
