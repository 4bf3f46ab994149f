using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>Names become Kubernetes, Vault and Azure names: DNS-1123 rules, length limits, no duplicates.</summary>
public sealed class NameErrorTests
{
    private const string Ten = "abcdefghij";
    private const string Name20 = Ten + Ten;
    private const string Name21 = Name20 + "k";
    private const string Name40 = Name20 + Name20;
    private const string Name41 = Name40 + "k";
    private const string Name63 = Name40 + Name20 + "abc";
    private const string Name64 = Name63 + "d";
    private const string Name253 = Name40 + Name40 + Name40 + Name40 + Name40 + Name40 + Ten + "abc";
    private const string Name254 = Name253 + "d";

    [Theory]
    [InlineData("  - name: web", "  - name: Web", 25, 11, "pipelines[0].name", "'Web' is not a DNS-1123 label")]
    [InlineData("  - name: web", "  - name: web_app", 25, 11, "pipelines[0].name", "'web_app' is not a DNS-1123 label")]
    [InlineData("  - name: web", "  - name: -web", 25, 11, "pipelines[0].name", "'-web' is not a DNS-1123 label")]
    [InlineData("  - name: web", "  - name: web.app", 25, 11, "pipelines[0].name", "'web.app' is not a DNS-1123 label")]
    [InlineData("  - name: web", "  - name: " + Name41, 25, 11, "pipelines[0].name", "is 41 characters long; the limit is 40")]
    [InlineData("      - name: deploy", "      - name: deploy-", 34, 15, "pipelines[0].stages[0].name", "'deploy-' is not a DNS-1123 label")]
    [InlineData("      - name: deploy", "      - name: " + Name21, 34, 15, "pipelines[0].stages[0].name", "is 21 characters long; the limit is 20")]
    [InlineData("    namespaces: [web-test]", "    namespaces: [" + Name64 + "]", 28, 18, "pipelines[0].namespaces[0]", "is 64 characters long; the limit is 63")]
    [InlineData("    namespaces: [web-test]", "    namespaces: [Web-Test]", 28, 18, "pipelines[0].namespaces[0]", "'Web-Test' is not a DNS-1123 label")]
    [InlineData("              deployments: [web]", "              deployments: [Web_App]", 37, 29, "pipelines[0].stages[0].capabilities[0].deploy.deployments[0]", "'Web_App' is not a DNS-1123 subdomain")]
    [InlineData("              deployments: [web]", "              deployments: [" + Name254 + "]", 37, 29, "pipelines[0].stages[0].capabilities[0].deploy.deployments[0]", "is 254 characters long; the limit is 253")]
    [InlineData("    team: web-team", "    team: " + Name64, 26, 11, "pipelines[0].team", "is 64 characters long; the limit is 63")]
    [InlineData("  name: test", "  name: Test", 3, 9, "environment.name", "'Test' is not a DNS-1123 label")]
    public void Load_WhenNameBreaksKubernetesRules_ShouldRefuseIt(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Theory]
    [InlineData("  - name: web", "  - name: " + Name40)]
    [InlineData("      - name: deploy", "      - name: " + Name20)]
    [InlineData("    namespaces: [web-test]", "    namespaces: [" + Name63 + "]")]
    [InlineData("              deployments: [web]", "              deployments: [" + Name253 + "]")]
    [InlineData("              deployments: [web]", "              deployments: [web.v2]")]
    public void Load_WhenNameIsAtItsLimit_ShouldAcceptIt(string find, string replace) =>
        Assert.Empty(Definitions.Load(Definitions.Patch(find, replace)).Errors);

    [Fact]
    public void Load_WhenTwoPipelinesShareAName_ShouldPointAtTheSecond()
    {
        var text = Definitions.Minimal + "  - name: web\n    team: other\n    repository: example-org/other\n    namespaces: [other-test]\n"
            + "    state: active\n    reviewBy: 2027-01-31\n    maintainers: [alice]\n    approvers: [bob]\n"
            + "    stages:\n      - name: verify\n        capabilities:\n          - read-status:\n";

        Definitions.AssertError(Definitions.Load(text), 40, 5, "pipelines", "duplicate pipeline name 'web' (first at line 25)");
    }

    [Fact]
    public void Load_WhenTwoStagesShareAName_ShouldPointAtTheSecond()
    {
        var text = Definitions.Minimal + "      - name: deploy\n        capabilities:\n          - read-status:\n";

        Definitions.AssertError(Definitions.Load(text), 40, 9, "pipelines[0].stages", "duplicate stage name 'deploy' (first at line 34)");
    }

    [Theory]
    [InlineData("    maintainers: [alice]", "    maintainers: [alice, alice]", 31, 26, "pipelines[0].maintainers[1]", "'alice' is listed twice")]
    [InlineData("              deployments: [web]", "              deployments: [web, web]", 37, 34, "pipelines[0].stages[0].capabilities[0].deploy.deployments[1]", "'web' is listed twice")]
    [InlineData("          - read-secret:", "          - deploy:\n              deployments: [api]\n          - read-secret:", 38, 13, "pipelines[0].stages[0].capabilities", "'deploy' in namespace 'web-test' is listed twice")]
    public void Load_WhenListItemIsRepeated_ShouldPointAtTheRepeat(string find, string replace, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, field, fragment);

    [Fact]
    public void Load_WhenACapabilityIsListedThreeTimes_ShouldReportItOnceAtTheSecondUse()
    {
        var result = Definitions.Load(Definitions.Patch("          - read-secret:",
            "          - deploy:\n              deployments: [api]\n          - deploy:\n              deployments: [jobs]\n          - read-secret:"));

        var repeats = result.Errors.Where(e => e.Message.Contains("is listed twice", StringComparison.Ordinal)).ToList();
        Assert.Single(repeats);
        Assert.Equal((38, 13), (repeats[0].Location.Line, repeats[0].Location.Column));
    }
}
