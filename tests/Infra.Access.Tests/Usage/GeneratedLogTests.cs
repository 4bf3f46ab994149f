using Infra.Access.Matrix;
using Infra.Access.Synthetic;
using Infra.Access.Usage;

namespace Infra.Access.Tests.Usage;

/// <summary>
/// Property-style: over several seeds, plans and both Kubernetes log shapes, every anomaly the
/// generator injects is found, nothing else is flagged, and exactly the grants left unused are reported unused.
/// </summary>
public sealed class GeneratedLogTests
{
    public static TheoryData<int, int, bool> Cases()
    {
        var cases = new TheoryData<int, int, bool>();
        foreach (var seed in new[] { 1, 2, 3, 5, 8, 13 })
        {
            cases.Add(0, seed, seed % 2 == 0);
            cases.Add(40, seed, seed % 2 == 1);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_WhenAnalyzed_ShouldFindEveryInjectedAnomalyAndNothingElse(int pipelines, int seed, bool aks)
    {
        var index = pipelines == 0 ? UsageTestKit.StagingIndex : UsageTestKit.Index(UsageTestKit.Catalog(pipelines, seed));
        var log = AuditLogGenerator.Generate(index, new AuditLogOptions(500, seed, aks));

        var report = UsageTestKit.Run(index, log.Lines());

        Assert.Equal(0, report.Input.Malformed);
        Assert.Equal(
            log.Injected.Select(i => (i.Id, i.Principal)).Order().ToList(),
            report.Anomalies.Select(a => (a.Id, a.Principal)).Distinct().Order().ToList());
        Assert.Equal(log.InjectedRecords, report.AnomalyCount);
        Assert.Equal(AnomalyKind.All.Length, log.Injected.Select(i => i.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_WhenAnalyzed_ShouldReportExactlyTheGrantsLeftUnused(int pipelines, int seed, bool aks)
    {
        var index = pipelines == 0 ? UsageTestKit.StagingIndex : UsageTestKit.Index(UsageTestKit.Catalog(pipelines, seed));
        var log = AuditLogGenerator.Generate(index, new AuditLogOptions(300, seed, aks));

        var report = UsageTestKit.Run(index, log.Lines());

        var unused = report.Identities.SelectMany(i => i.Unused.Select(g => new AccessRow(index.Plan.Environment, i.Identity, g.System, g.Scope, g.Resource, g.Action))).Order().ToList();
        Assert.Equal(log.Unused.Order().ToList(), unused);
        Assert.All(report.Identities.SelectMany(i => i.Unused), g => Assert.True(g.Declared.Line > 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void Generate_WhenNoAnomalyIsInjected_ShouldFlagNothing(int seed)
    {
        var log = AuditLogGenerator.Generate(UsageTestKit.StagingIndex, new AuditLogOptions(400, seed, InjectAnomalies: false));

        var report = UsageTestKit.Run(UsageTestKit.StagingIndex, log.Lines());

        Assert.Empty(report.Anomalies);
        Assert.False(report.HasAnomalies);
    }

    [Fact]
    public void Generate_WhenOptionsAreTheSame_ShouldWriteTheSameLines()
    {
        var options = new AuditLogOptions(200, 9, AksRecords: true);

        Assert.Equal(
            AuditLogGenerator.Generate(UsageTestKit.StagingIndex, options).Lines(),
            AuditLogGenerator.Generate(UsageTestKit.StagingIndex, options with { }).Lines());
    }
}
