using System.Text.RegularExpressions;
using Infra.Access.Format;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;
using Infra.Access.Tests.Golden;
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

        Assert.True(classes == RuleCatalog.Default.Rules.Length, "access/Rules/RuleCatalog.cs: discovery missed a rule class (a rule is a public sealed class deriving from GuardrailRule with a parameterless constructor)");
        Assert.True(classes >= 40, "the catalog lost rules");
    }

    [Fact]
    public void Default_WhenListed_ShouldHaveUniqueIdsAndNames()
    {
        var rules = RuleCatalog.Default.Rules;

        var ids = rules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var names = rules.GroupBy(r => r.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(ids.Count == 0, $"rule IDs used twice: [{string.Join(", ", ids)}]; give the new rule the next free number of its prefix (docs/rules/README.md, IDs)");
        Assert.True(names.Count == 0, $"rule names used twice: [{string.Join(", ", names)}]; rename the new rule in its class under access/Rules/");
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

        var folder = $"tests/Infra.Access.Tests/Fixtures/Rules/{id}";
        Assert.True(fixtures.Any(f => f.StartsWith(id + "/pass/", StringComparison.Ordinal)),
            $"{folder}/pass/ has no fixture: add a definition {id} must accept (format: docs/rules/README.md, Fixtures)");
        Assert.True(fixtures.Any(f => f.StartsWith(id + "/fail/", StringComparison.Ordinal)),
            $"{folder}/fail/ has no fixture: add a definition {id} must refuse, with expect: findings, message, lines and subjects (docs/rules/README.md)");
    }

    [Fact]
    public void Fixtures_WhenListed_ShouldBelongToKnownRules()
    {
        var unknown = Directory.GetDirectories(RuleFixture.Root).Select(Path.GetFileName)
            .Where(d => d != "_base" && RuleCatalog.Default.Find(d!) is null).ToList();

        Assert.True(unknown.Count == 0,
            $"tests/Infra.Access.Tests/Fixtures/Rules/ has folders of no rule: [{string.Join(", ", unknown)}]; rename each to its rule's ID or delete it (a retired rule's fixtures go with it)");
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

        GoldenFiles.AssertMatches(RepositoryRoot.File("docs", "rules", id + ".md"), expected);
        foreach (var section in new[] { "## Synopsis", "## Description", "## Recommendation", "## Examples", "## Links" })
        {
            Assert.Contains(section, expected, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Readme_WhenRuleTableIsRegenerated_ShouldBeUnchanged()
    {
        var path = RepositoryRoot.File("README.md");
        var table = RuleTable.Markdown(RuleCatalog.Default);
        var pattern = new Regex("(<!-- rules:begin -->\n)(.*?)(<!-- rules:end -->)", RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        lock (GoldenFiles.SharedFile)
        {
            var readme = File.ReadAllText(path);
            Assert.True(pattern.IsMatch(readme), "README.md lost the markers <!-- rules:begin --> and <!-- rules:end --> around the rule table; put them back, then run scripts/update-golden.sh");
            var regenerated = pattern.Replace(readme, m => m.Groups[1].Value + table + m.Groups[3].Value);

            GoldenFiles.AssertMatches(path, regenerated);
        }
    }
}
