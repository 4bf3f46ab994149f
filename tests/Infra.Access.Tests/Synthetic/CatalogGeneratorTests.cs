using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Synthetic;

namespace Infra.Access.Tests.Synthetic;

public sealed class CatalogGeneratorTests
{
    [Theory]
    [InlineData(0, 1, false)]
    [InlineData(1, 1, false)]
    [InlineData(50, 7, false)]
    [InlineData(50, 7, true)]
    [InlineData(300, 42, false)]
    [InlineData(300, 42, true)]
    public void Generate_WhenLoaded_ShouldHaveNoErrorsAndTheRequestedPipelines(int pipelines, int seed, bool production)
    {
        var text = CatalogGenerator.Generate(new CatalogOptions(pipelines, seed, production));

        var result = DefinitionLoader.Load(text, "synthetic.yaml");

        Assert.Empty(result.Errors);
        Assert.Equal(pipelines, result.Definition!.Pipelines.Length);
        Assert.Equal(production ? Tier.Production : Tier.NonProduction, result.Definition.Environment.Tier);
        _ = Planner.Build(result.Definition);
    }

    [Theory]
    [InlineData(300, 42, false)]
    [InlineData(300, 42, true)]
    public void Generate_WhenChecked_ShouldPassEveryErrorRule(int pipelines, int seed, bool production)
    {
        var definition = DefinitionLoader.Load(CatalogGenerator.Generate(new CatalogOptions(pipelines, seed, production)), "synthetic.yaml").Definition!;

        var report = Access.Rules.Guardrails.Check([definition], new DateOnly(2026, 11, 24));

        Assert.DoesNotContain(report.Findings, f => f.Severity == Access.Rules.Severity.Error);
    }

    [Fact]
    public void Generate_WhenOptionsAreTheSame_ShouldWriteTheSameText()
    {
        var options = new CatalogOptions(200, 9);

        Assert.Equal(CatalogGenerator.Generate(options), CatalogGenerator.Generate(options with { }));
    }

    [Fact]
    public void Generate_WhenSeedsDiffer_ShouldWriteDifferentCatalogs()
    {
        Assert.NotEqual(CatalogGenerator.Generate(new CatalogOptions(50, 1)), CatalogGenerator.Generate(new CatalogOptions(50, 2)));
    }

    [Fact]
    public void Generate_WhenCatalogIsLarge_ShouldMixEveryCapabilityStateAndTier()
    {
        var definition = DefinitionLoader.Load(CatalogGenerator.Generate(new CatalogOptions(400, 3)), "synthetic.yaml").Definition!;

        var used = definition.Pipelines.SelectMany(p => p.Stages).SelectMany(s => s.Capabilities).Select(c => c.Capability.Name).ToHashSet();
        var unused = CapabilityCatalog.All.Select(c => c.Name).Where(n => !used.Contains(n)).ToList();
        Assert.True(unused.Count == 0,
            $"access/Synthetic/CatalogGenerator.cs: no generated pipeline uses [{string.Join(", ", unused)}]; give a pipeline shape (WritePipeline) a stage that uses it, so benchmarks and tests at scale plan it");
        // Every state a definition can declare; Suspended is derived by the planner, never written.
        Assert.Equal(Enum.GetValues<PipelineState>().Where(s => s != PipelineState.Suspended), definition.Pipelines.Select(p => p.State).Distinct().Order());
        Assert.Contains(definition.Pipelines, p => p.Namespaces.Length > 1);
    }

    [Theory]
    [InlineData(100, 1)]
    [InlineData(100, 5)]
    [InlineData(1000, 10)]
    public void Generate_WhenPipelinesAreChanged_ShouldDifferInExactlyThatManyPipelines(int pipelines, int changed)
    {
        var before = Blocks(CatalogGenerator.Generate(new CatalogOptions(pipelines, 4)));
        var after = Blocks(CatalogGenerator.Generate(new CatalogOptions(pipelines, 4, ChangedPipelines: changed)));

        Assert.Equal(before.Count, after.Count);
        Assert.Equal(changed, before.Zip(after).Count(pair => pair.First != pair.Second));
    }

    /// <summary>The text of each pipeline entry, split where a list item of pipelines starts.</summary>
    private static List<string> Blocks(string text) => [.. text.Split("\n  - name: ").Skip(1)];
}
