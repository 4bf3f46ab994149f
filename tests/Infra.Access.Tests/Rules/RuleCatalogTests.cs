using System.Text.RegularExpressions;
using Infra.Access.Format;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;
using Infra.Testing;

namespace Infra.Access.Tests.Rules;

/// <summary>Tests over the whole rule set: registered, unique, documented, with both kinds of fixtures.</summary>
public sealed class RuleCatalogTests
{
    private static readonly string[] Prefixes = ["K8S", "VLT", "AZR", "SOD", "ISO", "LCY"];

    public static TheoryData<string> RuleIds() => [.. RuleCatalog.Default.Rules.Select(r => r.Id)];

    [Fact]
    public void Default_WhenDiscovered_ShouldHoldEveryRuleClassOnce()
    {
        var classes = typeof(GuardrailRule).Assembly.GetTypes().Count(t => !t.IsAbstract && t.IsSubclassOf(typeof(GuardrailRule)));

        Assert.Equal(classes, RuleCatalog.Default.Rules.Length);
        Assert.True(classes >= 40, "the catalog lost rules");
    }

    [Fact]
    public void Default_WhenListed_ShouldHaveUniqueIdsAndNames()
    {
        var rules = RuleCatalog.Default.Rules;

        Assert.Equal(rules.Length, rules.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(rules.Length, rules.Select(r => r.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_WhenDescribed_ShouldHaveStableIdKebabNameAndTexts(string id)
    {
        var rule = RuleCatalog.Default.Find(id)!;

        Assert.Matches(Patterns.RuleId, rule.Id);
        Assert.Contains(Prefixes, p => rule.Id.StartsWith(p, StringComparison.Ordinal));
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", rule.Name);
        Assert.False(string.IsNullOrWhiteSpace(rule.Summary));
        Assert.DoesNotContain('\n', rule.Summary);
        Assert.False(string.IsNullOrWhiteSpace(rule.Description));
        Assert.False(string.IsNullOrWhiteSpace(rule.Recommendation));
        Assert.False(string.IsNullOrWhiteSpace(rule.Example));
        Assert.NotEmpty(rule.Links);
        Assert.Equal($"docs/rules/{id}.md", rule.HelpUri);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_WhenShipped_ShouldHavePassAndFailFixtures(string id)
    {
        var fixtures = RuleFixture.All().Where(f => f.StartsWith(id + "/", StringComparison.Ordinal)).ToList();

        Assert.Contains(fixtures, f => f.StartsWith(id + "/pass/", StringComparison.Ordinal));
        Assert.Contains(fixtures, f => f.StartsWith(id + "/fail/", StringComparison.Ordinal));
    }

    [Fact]
    public void Fixtures_WhenListed_ShouldBelongToKnownRules()
    {
        var unknown = Directory.GetDirectories(RuleFixture.Root).Select(Path.GetFileName)
            .Where(d => d != "_base" && RuleCatalog.Default.Find(d!) is null).ToList();

        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("K8S001")]
    [InlineData("K8S002")]
    [InlineData("K8S003")]
    [InlineData("K8S004")]
    [InlineData("K8S006")]
    [InlineData("K8S007")]
    [InlineData("K8S008")]
    [InlineData("VLT001")]
    [InlineData("VLT002")]
    [InlineData("VLT003")]
    [InlineData("AZR001")]
    [InlineData("AZR002")]
    public void Rule_WhenAboutWildcardsOrEscalation_ShouldNotBeWaivable(string id)
    {
        Assert.False(RuleCatalog.Default.Find(id)!.Waivable);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void DocsPage_WhenGenerated_ShouldMatchCommittedPage(string id)
    {
        var rule = RuleCatalog.Default.Find(id)!;
        var expected = RuleDocs.Markdown(rule);

        Golden.AssertMatches(RepositoryRoot.File("docs", "rules", id + ".md"), expected);
        foreach (var section in new[] { "## Synopsis", "## Description", "## Recommendation", "## Examples", "## Links" })
        {
            Assert.Contains(section, expected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_WhenRuleTableIsRegenerated_ShouldBeUnchanged()
    {
        var path = RepositoryRoot.File("README.md");
        var readme = File.ReadAllText(path);
        var table = RuleTable.Markdown(RuleCatalog.Default);
        var pattern = new Regex("(<!-- rules:begin -->\n)(.*?)(<!-- rules:end -->)", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        Assert.Matches(pattern, readme);
        var regenerated = pattern.Replace(readme, m => m.Groups[1].Value + table + m.Groups[3].Value);

        Golden.AssertMatches(path, regenerated);
    }
}
