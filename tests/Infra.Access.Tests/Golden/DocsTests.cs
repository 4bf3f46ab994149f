using System.Globalization;
using System.Reflection;
using Infra.Access.Catalog;
using Infra.Access.Format;
using Infra.Access.Rules.Azure;
using Infra.Access.Rules.Vault;
using Infra.Testing;

namespace Infra.Access.Tests.Golden;

/// <summary>Generated parts of the docs stay equal to what the code generates; every field is documented.</summary>
public sealed class DocsTests
{
    private const string Begin = "<!-- capabilities:begin -->\n";
    private const string End = "<!-- capabilities:end -->";

    [Fact]
    public void CapabilitiesPage_WhenComparedWithTheCatalog_ShouldEmbedTheCurrentTable()
    {
        var path = RepositoryRoot.File("docs", "capabilities.md");
        var page = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = page.IndexOf(Begin, StringComparison.Ordinal);
        var end = page.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"docs/capabilities.md needs the markers {Begin.TrimEnd()} and {End}");

        var expected = string.Concat(page.AsSpan(0, start + Begin.Length), CapabilityTable.Markdown(), page.AsSpan(end));

        GoldenFiles.AssertMatches(path, expected);
    }

    [Fact]
    public void CapabilitiesPage_WhenComparedWithTheAdmissionPlanner_ShouldEmbedTheCurrentAdmissionTable()
    {
        const string begin = "<!-- admission:begin -->\n";
        const string end = "<!-- admission:end -->";
        var path = RepositoryRoot.File("docs", "capabilities.md");
        var page = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = page.IndexOf(begin, StringComparison.Ordinal);
        var stop = page.IndexOf(end, StringComparison.Ordinal);
        Assert.True(start >= 0 && stop > start, $"docs/capabilities.md needs the markers {begin.TrimEnd()} and {end}");

        var expected = string.Concat(page.AsSpan(0, start + begin.Length), Infra.Access.Admission.AdmissionTable.Markdown(), page.AsSpan(stop));

        GoldenFiles.AssertMatches(path, expected);
    }

    public static TheoryData<string> Specs() => [.. AllSpecs().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Specs))]
    public void DefinitionFormatPage_WhenReadForAMapping_ShouldListEveryFieldOfIt(string name)
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "definition-format.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var heading = $"### `{name}`\n";
        var start = page.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/definition-format.md has no section {heading.TrimEnd()}: add it under 'Every field', with a table of the mapping's fields");
        var next = page.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        var section = next < 0 ? page[start..] : page[start..next];

        var missing = AllSpecs().Single(s => s.Name == name).Fields.Where(f => !section.Contains($"| `{f.Name}` |", StringComparison.Ordinal)).Select(f => f.Name).ToList();
        Assert.True(missing.Count == 0,
            $"docs/definition-format.md, section {heading.TrimEnd()}: add a row for [{string.Join(", ", missing)}] (type, required, rules and description as in access/Format/DefinitionFormat.cs)");
    }

    [Fact]
    public void DefinitionFormatPage_WhenItsTablesAreCounted_ShouldDocumentNoFieldTheFormatLacks()
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "definition-format.md"));
        var documented = AllSpecs().Sum(s => s.Fields.Length);

        var rows = page.Split('\n').Count(l => l.StartsWith("| `", StringComparison.Ordinal) && (l.Contains(" | yes | ", StringComparison.Ordinal) || l.Contains(" | no | ", StringComparison.Ordinal)));

        Assert.True(documented == rows,
            $"docs/definition-format.md has {rows} field rows but access/Format/DefinitionFormat.cs has {documented} fields: remove the rows of fields the format no longer has, or add the missing ones");
    }

    /// <summary>The thresholds section of docs/rules/README.md is prose; each number in it is the rule's constant.</summary>
    [Theory]
    [InlineData("AZR008", "**{0} days in production**", AuditFloor.ProductionDays)]
    [InlineData("AZR008", "**{0} days elsewhere**", AuditFloor.NonProductionDays)]
    [InlineData("VLT012", "{0} per environment", AuditDevicesRule.Devices)]
    [InlineData("VLT012", "{0} in production", AuditDevicesRule.ProductionDevices)]
    [InlineData("AZR006", "limit of {0} per managed identity", FederatedCredentialLimitRule.Limit)]
    public void RulesReadmeThresholds_WhenComparedWithTheRules_ShouldStateTheRulesNumbers(string rule, string phrase, int value)
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "rules", "README.md"));
        // Small counts read as words in the prose ("two in production").
        var number = value switch { 1 => "one", 2 => "two", 3 => "three", _ => value.ToString(CultureInfo.InvariantCulture) };
        var stated = string.Format(CultureInfo.InvariantCulture, phrase, number);

        Assert.True(page.Contains(stated, StringComparison.Ordinal),
            $"docs/rules/README.md, Thresholds: {rule}'s number is {value}; the page should say \"{stated}\" (fix the page, or this test's phrase if the wording changed)");
    }

    /// <summary>Every mapping of the format: the public ObjectSpec properties of DefinitionFormat.</summary>
    private static IEnumerable<ObjectSpec> AllSpecs() =>
        typeof(DefinitionFormat).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ObjectSpec))
            .Select(p => (ObjectSpec)p.GetValue(null)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal);
}
