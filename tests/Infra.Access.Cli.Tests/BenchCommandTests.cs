namespace Infra.Access.Cli.Tests;

/// <summary>
/// The benchmark's report, not its figures: every phase and target is there for every size asked.
/// Timings are shown by running the command (docs/performance.md), never asserted by a test.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_OnTinyCatalogs_ShouldReportEveryPhaseAndTargetForEachSize()
    {
        var run = CliRun.Of("bench", "--pipelines", "4", "8", "--iterations", "1");

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Error);
        Assert.Contains("| phase | 4 pipelines | 8 pipelines |", run.Out, StringComparison.Ordinal);
        foreach (var phase in new[] { "yaml-parse (YamlDotNet YamlStream, baseline)", "parse (YAML to tree)", "load (parse + validate)", "plan",
                     "check (guardrails over the plan)", "render kubernetes", "diff end to end (load, plan, check, compare both catalogs)" })
        {
            // Each phase row has one cell per size, each "wall / CPU (MB; GC pause)".
            Assert.Matches($"\\| {System.Text.RegularExpressions.Regex.Escape(phase)} \\|( \\d+ / \\d+ \\(\\d+; GC \\d+\\) \\|){{2}}\n", run.Out);
        }

        Assert.Contains("- 8 pipelines: check + plan = ", run.Out, StringComparison.Ordinal);
        Assert.Contains("- 8 pipelines: diff = ", run.Out, StringComparison.Ordinal);
        Assert.Contains("- 2.0x the pipelines (4 to 8): ", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pipelines", "0")]
    [InlineData("--iterations", "0")]
    public void Bench_WhenASizeOrCountIsOutOfRange_ShouldExitTwo(string option, string value)
    {
        var run = CliRun.Of("bench", option, value);

        Assert.Equal(2, run.Exit);
        Assert.Empty(run.Out);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }
}
