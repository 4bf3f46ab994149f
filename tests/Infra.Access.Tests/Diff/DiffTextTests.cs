using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The terminal rendering of the diff, line by line, on a hand-made diff that holds one of every
/// kind of change (the golden cases come from real definitions and do not reach every line).
/// </summary>
public sealed class DiffTextTests
{
    private static readonly SourceLocation At = new("stacks/staging.yaml", 12, 7);
    private static readonly SourceLocation WaiverAt = new("stacks/staging.yaml", 40, 9);
    private static readonly Finding Wildcard = new("AX001", "no-wildcards", Severity.Error, "staging", "payments-api/deploy", "grants '*' on deployments", "name the resource", At, "deployments");
    private static readonly Finding Ttl = new("AX005", "ttl-ceiling", Severity.Warning, "staging", "payments-api/test", "token lifetime 20m over 15m", "shorten it", At);
    private static readonly WaivedFinding Waived = new(Wildcard, new Waiver("AX001", "payments-api/deploy", "deployments", "migration", new DateOnly(2027, 1, 31), "security-team", WaiverAt));

    [Fact]
    public void Render_WhenEveryKindOfChangeIsThere_ShouldWriteEachLine()
    {
        var identity = new IdentityDiff(
            "payments-api/deploy",
            IdentityStatus.Changed,
            "repo:example/payments:environment:staging",
            [new TrustChange("issuer", "https://a", "https://b", true), new TrustChange("token lifetime", "10m", "5m", false)],
            [
                new RowChange(Change.Gained, "kubernetes", "payments", "deployments/payments-api", "patch", "deploy-app", [Risk.Write, Risk.ProductionReach]),
                new RowChange(Change.Lost, "kubernetes", "payments", "configmaps/payments-api", "get", "read-config", []),
            ]);
        var removed = new IdentityDiff("billing/test", IdentityStatus.Removed, "repo:example/billing:environment:staging", [], []);
        var environment = new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], ["billing/test"], 1, 1, [identity, removed], [Wildcard], [Ttl], [Waived])
        {
            Endpoints = [new TrustChange("cluster api server", "https://aks-staging", "https://aks-prod", true), new TrustChange("registry", "acr-a", "acr-b", false)],
            Settings = [new TrustChange("environment.cluster.platformNamespaces", "[a, b]", "[a]", true), new TrustChange("environment.tokenTtlCeiling", "15m", "10m", false)],
            Network = [new NetworkChange(Change.Gained, "payments-api", "payments", "egress to 10.60.0.0/16 22/TCP", true), new NetworkChange(Change.Lost, "payments-api", "payments", "egress to 10.1.0.0/16 443/TCP", false)],
            WaiversExtended = [new ExtendedWaiver(Waived with { Finding = Ttl }, new DateOnly(2026, 12, 31))],
            EndpointsReachProduction = true,
        };

        var text = DiffText.Render(new AccessDiff([environment]));

        Assert.Equal(
            """
            staging (non-production): +0 identities, -1 identity, +1 grant, -1 grant, 1 trust change, 1 namespace's network changed, 2 endpoints moved, 2 environment settings changed, 1 newly waived finding, 1 waiver extended
              ~ endpoint cluster api server: https://aks-staging -> https://aks-prod  [widens, onto production]
              ~ endpoint registry: acr-a -> acr-b
              ~ environment setting changed: environment.cluster.platformNamespaces: [a, b] -> [a]  [widens]
              ~ environment setting changed: environment.tokenTtlCeiling: 15m -> 10m
              payments-api/deploy (changed, repo:example/payments:environment:staging)
                ~ issuer: https://a -> https://b  [widens]
                ~ token lifetime: 10m -> 5m
                + kubernetes payments deployments/payments-api patch  [write, production reach]
                - kubernetes payments configmaps/payments-api get
              billing/test (loses all access, repo:example/billing:environment:staging)
              + network payments (payments-api): egress to 10.60.0.0/16 22/TCP  [widens]
              - network payments (payments-api): egress to 10.1.0.0/16 443/TCP
              finding introduced: AX001 payments-api/deploy: grants '*' on deployments (stacks/staging.yaml:12:7)
              finding resolved: AX005 payments-api/test: token lifetime 20m over 15m (stacks/staging.yaml:12:7)
              finding waived: AX001 payments-api/deploy (object deployments): grants '*' on deployments (stacks/staging.yaml:12:7; exception at stacks/staging.yaml:40:9, approved by security-team, expires 2027-01-31)
              waiver extended: AX005 payments-api/test: token lifetime 20m over 15m (exception at stacks/staging.yaml:40:9, approved by security-team, expires 2026-12-31 -> 2027-01-31)
            production access grows

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            text);
    }

    [Fact]
    public void Render_WhenAnEndpointWidensOffProduction_ShouldSayWidensOnly()
    {
        var environment = new EnvironmentDiff("staging", Tier.NonProduction, EnvironmentStatus.Changed, [], [], 0, 0, [], [], [], [])
        {
            Endpoints = [new TrustChange("vault address", "https://v1", "https://v2", true)],
        };

        Assert.Equal(
            "staging (non-production): +0 identities, -0 identities, +0 grants, -0 grants, 1 endpoint moved\n  ~ endpoint vault address: https://v1 -> https://v2  [widens]\n",
            DiffText.Render(new AccessDiff([environment])));
    }

    [Fact]
    public void Render_WhenGivenNothing_ShouldRefuseByName()
    {
        Assert.Equal("diff", Assert.Throws<ArgumentNullException>(() => DiffText.Render(null!)).ParamName);
        Assert.Equal("diff", Assert.Throws<ArgumentNullException>(() => DiffJson.Render(null!)).ParamName);
    }
}
