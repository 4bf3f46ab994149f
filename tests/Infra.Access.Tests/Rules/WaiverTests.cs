using Infra.Access.Definition;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

public sealed class WaiverTests
{
    [Theory]
    [InlineData("K8S009", "payments-prod/ci-payments-api-deploy", "2026-11-24", "2026-11-24", true)]
    [InlineData("K8S009", "payments-prod/ci-payments-api-deploy", "2026-11-24", "2026-11-25", false)]
    [InlineData("K8S009", "payments-prod/ci-payments-api-deploy", "2027-01-01", "2026-11-24", true)]
    [InlineData("K8S009", null, "2027-01-01", "2026-11-24", false)]
    [InlineData("K8S009", "kube-system/ci-payments-api-deploy", "2027-01-01", "2026-11-24", false)]
    [InlineData("K8S005", "default/ci-payments-api-deploy", "2027-01-01", "2026-11-24", false)]
    [InlineData("K8S011", "kube-system", "2027-01-01", "2026-11-24", false)]
    [InlineData("K8S001", null, "2027-01-01", "2026-11-24", false)]
    [InlineData("SOD004", null, "2027-01-01", "2026-11-24", false)]
    [InlineData("K8S999", null, "2027-01-01", "2026-11-24", false)]
    [InlineData("LCY002", null, "2027-01-01", "2026-11-24", true)]
    [InlineData("LCY002", "payments-api", "2027-01-01", "2026-11-24", false)]
    public void IsInForce_WhenRuleObjectAndDatesVary_ShouldApplyOnlyToKnownWaivableRulesAndExactObjectsUntilExpiry(string rule, string? obj, string expires, string today, bool expected)
    {
        var waiver = new Waiver(rule, "payments-api/deploy", obj, "reason", DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), "grace", new SourceLocation("staging.yaml", 1, 1));

        Assert.Equal(expected, Guardrails.IsInForce(waiver, RuleCatalog.Default, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture), Tier.NonProduction));
    }

    [Theory]
    [InlineData(Tier.NonProduction, "2027-02-22", true)]
    [InlineData(Tier.NonProduction, "2027-02-23", false)]
    [InlineData(Tier.Production, "2026-12-24", true)]
    [InlineData(Tier.Production, "2026-12-25", false)]
    [InlineData(Tier.Production, "2031-11-24", false)]
    public void IsInForce_WhenExpiryIsBeyondTheTierLimit_ShouldWaiveNothing(Tier tier, string expires, bool expected)
    {
        var waiver = new Waiver("LCY002", "payments-api", null, "reason", DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), "grace", new SourceLocation("prod.yaml", 1, 1));

        Assert.Equal(expected, Guardrails.IsInForce(waiver, RuleCatalog.Default, new DateOnly(2026, 11, 24), tier));
    }
}
