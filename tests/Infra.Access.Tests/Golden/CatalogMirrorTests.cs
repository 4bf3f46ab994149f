using System.Text.RegularExpressions;
using Infra.Access.Catalog;
using Infra.Access.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Golden;

/// <summary>
/// Issue 16: places outside access/Catalog/CapabilityCatalog.cs that name capabilities by hand stay
/// in step with the catalog. Each failure names the file to edit (docs/contributing.md, "Adding a capability").
/// </summary>
public sealed partial class CatalogMirrorTests
{
    private static readonly HashSet<string> Names = CapabilityCatalog.All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void ComponentDocs_WhenTheyNameCapabilities_ShouldNameCatalogCapabilitiesAndEveryOneWithObjects()
    {
        const string file = "components/PipelineAccessArgs.cs";
        var text = File.ReadAllText(RepositoryRoot.File("components", "PipelineAccessArgs.cs"));
        var objects = text[text.IndexOf("The objects the capability names", StringComparison.Ordinal)..];
        objects = objects[..objects.IndexOf("</summary>", StringComparison.Ordinal)];

        var named = Code().Matches(text).Select(m => m.Groups[1].Value).Where(n => n.Contains('-', StringComparison.Ordinal) || Names.Contains(n));
        var unknown = named.Where(n => !Names.Contains(n)).Distinct(StringComparer.Ordinal).ToList();
        var undocumented = CapabilityCatalog.All.Where(c => c.Objects is not null && !objects.Contains($"<c>{c.Name}</c>", StringComparison.Ordinal)).Select(c => c.Name).ToList();

        Assert.True(unknown.Count == 0, $"{file}: the doc comments name [{string.Join(", ", unknown)}], which access/Catalog/CapabilityCatalog.cs does not have");
        Assert.True(undocumented.Count == 0, $"{file}: the doc comment of CapabilityArgs.Objects does not say what [{string.Join(", ", undocumented)}] names; add each with its kind of object");
    }

    public static TheoryData<string> Rules() => [.. RuleCatalog.Default.Rules.Select(r => r.Id)];

    [Theory]
    [MemberData(nameof(Rules))]
    public void RuleExample_WhenItListsCapabilities_ShouldUseOnlyCatalogCapabilities(string id)
    {
        var rule = RuleCatalog.Default.Find(id)!;
        var unknown = ExampleCapabilities(rule.Example).Where(n => !Names.Contains(n)).ToList();

        Assert.True(unknown.Count == 0, $"{RuleFile(rule)}: the Example of {id} uses [{string.Join(", ", unknown)}], which access/Catalog/CapabilityCatalog.cs does not have");
    }

    /// <summary>The capability keys of every <c>capabilities:</c> list of a YAML fragment, in flow (<c>[{deploy: {...}}]</c>) or block form.</summary>
    private static IEnumerable<string> ExampleCapabilities(string example)
    {
        var lines = example.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var at = lines[i].IndexOf("capabilities:", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            foreach (Match m in FlowKey().Matches(lines[i][at..]))
            {
                yield return m.Groups[1].Value;
            }

            var indent = lines[i].Length - lines[i].TrimStart().Length;
            for (var j = i + 1; j < lines.Length && lines[j].Length - lines[j].TrimStart().Length > indent; j++)
            {
                if (BlockKey().Match(lines[j]) is { Success: true } m)
                {
                    yield return m.Groups[1].Value;
                }
            }
        }
    }

    private static string RuleFile(GuardrailRule rule) =>
        GoldenFiles.Relative(Directory.GetFiles(RepositoryRoot.File("access", "Rules"), rule.GetType().Name + ".cs", SearchOption.AllDirectories).Single());

    [GeneratedRegex(@"<c>([a-z][a-z-]*)</c>")]
    private static partial Regex Code();

    [GeneratedRegex(@"[\[,]\s*\{\s*([a-z][a-z-]*)\s*:")]
    private static partial Regex FlowKey();

    [GeneratedRegex(@"^\s*- ([a-z][a-z-]*):")]
    private static partial Regex BlockKey();
}
