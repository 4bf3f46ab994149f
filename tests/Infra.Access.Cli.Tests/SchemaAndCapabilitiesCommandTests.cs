using Infra.Testing;

namespace Infra.Access.Cli.Tests;

public sealed class SchemaAndCapabilitiesCommandTests
{
    [Fact]
    public void Schema_WhenRun_ShouldPrintTheCheckedInSchema()
    {
        var run = CliRun.Of("schema");

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Error);
        Assert.True(File.ReadAllText(RepositoryRoot.File("stacks", "schema.json")).Replace("\r\n", "\n", StringComparison.Ordinal) == run.Out,
            "stacks/schema.json differs from what `access schema` prints: run scripts/update-golden.sh and review the diff");
    }

    [Fact]
    public void Capabilities_WhenRun_ShouldPrintOneTableRowPerCapability()
    {
        var run = CliRun.Of("capabilities");

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Error);
        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.StartsWith("| capability | parameters | writes |", lines[0], StringComparison.Ordinal);
        Assert.Equal(
            Access.Catalog.CapabilityCatalog.All.Select(c => c.Name),
            lines.Skip(2).Select(l => l.Split('`')[1]));
    }
}
