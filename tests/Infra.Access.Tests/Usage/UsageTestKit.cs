using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Synthetic;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Usage;

namespace Infra.Access.Tests.Usage;

/// <summary>Plans and logs for usage tests: staging as the example stack declares it, and generated catalogs.</summary>
internal static class UsageTestKit
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public static EnvironmentDefinition Staging { get; } = DefinitionLoader.Load(Definitions.Read("stacks", "staging.yaml"), "stacks/staging.yaml").Definition!;

    public static UsageIndex Index(EnvironmentDefinition definition, DateOnly? today = null) =>
        UsageIndex.Build(definition, Planner.Build(definition, today ?? Today));

    public static UsageIndex StagingIndex { get; } = Index(Staging);

    public static EnvironmentDefinition Catalog(int pipelines, int seed) =>
        DefinitionLoader.Load(CatalogGenerator.Generate(new CatalogOptions(pipelines, seed)), "synthetic.yaml").Definition!;

    /// <summary>Runs lines through a tally as the CLI does (each line numbered from 1).</summary>
    public static UsageReport Run(UsageIndex index, IEnumerable<string> lines, DateTimeOffset? since = null, DateTimeOffset? until = null, UsageLimits? limits = null)
    {
        var tally = new UsageTally(index, since, until, limits);
        using var reader = new StringReader(string.Join("\n", lines) + "\n");
        var lineReader = new AuditLineReader(reader, (limits ?? UsageLimits.Default).MaxLineLength);
        while (lineReader.TryRead(out var line))
        {
            tally.AddLine(line, "test.log");
        }

        return tally.Report();
    }

    public static string FixtureText(string name) => Definitions.Read("tests", "Infra.Access.Tests", "Fixtures", "Usage", name);

    public static IEnumerable<string> FixtureLines(string name) => FixtureText(name).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
