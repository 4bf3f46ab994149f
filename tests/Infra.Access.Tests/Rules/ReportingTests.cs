using System.Text.Json;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Tests.Rules;

public sealed class ReportingTests
{
    private static readonly string[] Levels = ["error", "warning"];
    private static readonly string[] FindingFields = ["ruleId", "rule", "severity", "environment", "subject", "message", "remediation"];

    /// <summary>
    /// One error finding: the wildcard verb's K8S001. The same grant is also a write no admission
    /// policy allows (K8S019); that finding is left out so the report has exactly one.
    /// </summary>
    private static GuardrailReport FailingReport()
    {
        var report = RuleFixture.Read("K8S001/fail/wildcard-verb.yaml").Run();
        return report with { Findings = [.. report.Findings.Where(f => f.RuleId == "K8S001")] };
    }

    private static GuardrailReport WaivedReport() =>
        RuleFixture.Read("K8S009/pass/waived.yaml").Run();

    [Fact]
    public void Sarif_WhenRendered_ShouldHaveEveryFieldCodeScanningRequires()
    {
        using var sarif = JsonDocument.Parse(Sarif.Render(FailingReport(), RuleCatalog.Default));
        var root = sarif.RootElement;

        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.Equal("access", driver.GetProperty("name").GetString());
        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(RuleCatalog.Default.Rules.Length, rules.Count);
        foreach (var rule in rules)
        {
            Assert.Matches("^[A-Z][A-Z0-9]+[0-9]{3}$", rule.GetProperty("id").GetString());
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("name").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("fullDescription").GetProperty("text").GetString()));
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("help").GetProperty("text").GetString()));
            Assert.EndsWith(".md", rule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
            Assert.Contains(rule.GetProperty("defaultConfiguration").GetProperty("level").GetString(), Levels);
        }

        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("K8S001", result.GetProperty("ruleId").GetString());
        Assert.Equal("K8S001", rules[result.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Contains("wildcard", result.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
        Assert.Equal("prod.yaml", physical.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.True(physical.GetProperty("region").GetProperty("startLine").GetInt32() > 1);
        Assert.True(physical.GetProperty("region").GetProperty("startColumn").GetInt32() >= 1);
    }

    [Fact]
    public void Render_WhenAFindingIsWaived_ShouldNameTheObjectTheExceptionBindsToInEveryFormat()
    {
        const string Role = "payments-prod/ci-payments-api-deploy";
        var report = WaivedReport();

        Assert.Contains($"payments-api/deploy (object {Role}): ", FindingsText.Render(report), StringComparison.Ordinal);
        using var json = JsonDocument.Parse(FindingsJson.Render(report));
        var waived = Assert.Single(json.RootElement.GetProperty("waived").EnumerateArray());
        Assert.Equal(Role, waived.GetProperty("finding").GetProperty("object").GetString());
        Assert.Equal(Role, waived.GetProperty("exception").GetProperty("object").GetString());
        using var sarif = JsonDocument.Parse(Sarif.Render(report, RuleCatalog.Default));
        var result = Assert.Single(sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray());
        Assert.Equal(Role, result.GetProperty("properties").GetProperty("object").GetString());
        Assert.Contains($"object {Role}", result.GetProperty("suppressions")[0].GetProperty("justification").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif_WhenFindingIsWaived_ShouldReportItAsAcceptedSuppression()
    {
        using var sarif = JsonDocument.Parse(Sarif.Render(WaivedReport(), RuleCatalog.Default, "https://example.test/repo/blob/main/"));
        var run = sarif.RootElement.GetProperty("runs")[0];

        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("accepted", result.GetProperty("suppressions")[0].GetProperty("status").GetString());
        Assert.StartsWith("https://example.test/repo/blob/main/docs/rules/", run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0].GetProperty("helpUri").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Json_WhenRendered_ShouldCarryEveryFindingField()
    {
        using var json = JsonDocument.Parse(FindingsJson.Render(FailingReport()));
        var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());

        Assert.Equal(1, json.RootElement.GetProperty("errors").GetInt32());
        foreach (var field in FindingFields)
        {
            Assert.False(string.IsNullOrEmpty(finding.GetProperty(field).GetString()), field);
        }

        Assert.Equal("prod.yaml", finding.GetProperty("location").GetProperty("file").GetString());
    }

    [Fact]
    public void Text_WhenRendered_ShouldStartWithFileLineColumnAndEndWithSummary()
    {
        var text = FindingsText.Render(FailingReport());

        Assert.Matches("^prod\\.yaml:[0-9]+:[0-9]+: error K8S001 no-rbac-wildcard: \\[prod\\] payments-api/deploy: ", text);
        Assert.EndsWith("1 error(s), 0 warning(s), 0 waived, 0 expired exception(s)\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_WhenFindingIsWaived_ShouldNameTheException()
    {
        var text = FindingsText.Render(WaivedReport());

        Assert.Contains("waived K8S009", text, StringComparison.Ordinal);
        Assert.Contains("approved by grace-security-lead", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenRunTwice_ShouldReturnFindingsInTheSameOrder()
    {
        var first = RuleFixture.Read("ISO002/fail/shared-ci-environment.yaml").Run();
        var second = RuleFixture.Read("ISO002/fail/shared-ci-environment.yaml").Run();

        Assert.Equal(first.Findings.ToList(), second.Findings.ToList());
        Assert.Equal(first.Findings.Order(FindingOrder.Instance).ToList(), first.Findings.ToList());
    }
}
