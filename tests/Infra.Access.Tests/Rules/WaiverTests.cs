using Infra.Access.Definition;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

public sealed class WaiverTests
{
    [Theory]
    [InlineData("K8S009", "2026-11-24", "2026-11-24", true)]
    [InlineData("K8S009", "2026-11-24", "2026-11-25", false)]
    [InlineData("K8S009", "2027-01-01", "2026-11-24", true)]
    [InlineData("K8S001", "2027-01-01", "2026-11-24", false)]
    [InlineData("SOD004", "2027-01-01", "2026-11-24", false)]
    [InlineData("K8S999", "2027-01-01", "2026-11-24", false)]
    [InlineData("LCY002", "2027-01-01", "2026-11-24", true)]
    public void IsInForce_WhenRuleAndDatesVary_ShouldApplyOnlyToKnownWaivableRulesUntilExpiry(string rule, string expires, string today, bool expected)
    {
        var waiver = new Waiver(rule, "payments-api/deploy", "reason", DateOnly.Parse(expires, System.Globalization.CultureInfo.InvariantCulture), "grace", new SourceLocation("prod.yaml", 1, 1));

        Assert.Equal(expected, Guardrails.IsInForce(waiver, RuleCatalog.Default, DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
