using System.Reflection;
using Infra.Access.Catalog;
using Infra.Access.Format;
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

    public static TheoryData<string> Specs() => [.. AllSpecs().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Specs))]
    public void DefinitionFormatPage_WhenReadForAMapping_ShouldListEveryFieldOfIt(string name)
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "definition-format.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var heading = $"### `{name}`\n";
        var start = page.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/definition-format.md has no section {heading.TrimEnd()}");
        var next = page.IndexOf("\n#", start + heading.Length, StringComparison.Ordinal);
        var section = next < 0 ? page[start..] : page[start..next];

        foreach (var field in AllSpecs().Single(s => s.Name == name).Fields)
        {
            Assert.Contains($"| `{field.Name}` |", section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DefinitionFormatPage_WhenItsTablesAreCounted_ShouldDocumentNoFieldTheFormatLacks()
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "definition-format.md"));
        var documented = AllSpecs().Sum(s => s.Fields.Length);

        var rows = page.Split('\n').Count(l => l.StartsWith("| `", StringComparison.Ordinal) && (l.Contains(" | yes | ", StringComparison.Ordinal) || l.Contains(" | no | ", StringComparison.Ordinal)));

        Assert.Equal(documented, rows);
    }

    /// <summary>Every mapping of the format: the public ObjectSpec properties of DefinitionFormat.</summary>
    private static IEnumerable<ObjectSpec> AllSpecs() =>
        typeof(DefinitionFormat).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ObjectSpec))
            .Select(p => (ObjectSpec)p.GetValue(null)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal);
}
