using System.Text.Json;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

public sealed class CheckAndRulesCommandTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static (int Exit, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AccessCli.Run(args, new CliContext(output, error, Today));
        return (exit, output.ToString(), error.ToString());
    }

    private static string Stack(string name) => RepositoryRoot.File("stacks", name + ".yaml");

    private static string TempDefinition(string find, string replace)
    {
        var path = Path.Combine(Path.GetTempPath(), $"access-check-{Guid.NewGuid():N}.yaml");
        var text = File.ReadAllText(Stack("prod"));
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        return path;
    }

    [Fact]
    public void Check_WhenShippedStacksAreCheckedTogether_ShouldReportZeroErrorsAndExitZero()
    {
        var (exit, output, error) = Run("check", Stack("staging"), Stack("prod"), "--today", "2026-11-24");

        Assert.Equal(0, exit);
        Assert.EndsWith("0 error(s), 0 warning(s), 0 waived, 0 expired exception(s)\n", output, StringComparison.Ordinal);
        Assert.Empty(error);
    }

    [Fact]
    public void Check_WhenProductionRetentionIsBelowTheFloor_ShouldPrintFindingsWithLocationAndExitOne()
    {
        var path = TempDefinition("retentionDays: 365", "retentionDays: 90");
        try
        {
            var (exit, output, _) = Run("check", path);

            Assert.Equal(1, exit);
            Assert.Matches(": error AZR008 audit-retention-floor: \\[prod\\] environment \\(object audit.retentionDays\\): audit.retentionDays keeps audit records 90 days", output);
            Assert.Matches("access-check-[0-9a-f]+\\.yaml:[0-9]+:[0-9]+: error AZR008", output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Check_WhenOnlyWarningsAreFound_ShouldExitZero()
    {
        var (exit, output, _) = Run("check", Stack("staging"), "--today", "2027-01-20");

        Assert.Equal(0, exit);
        Assert.Contains("warning LCY002 review-date-passed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenProductionReviewDateHasPassed_ShouldSuspendThePipelineAndExitZero()
    {
        // Issue 11: an overdue review suspends the pipeline (planned as paused) and warns; it does not block prod.
        var (exit, output, _) = Run("check", Stack("prod"), "--today", "2027-01-20");

        Assert.Equal(0, exit);
        Assert.Contains("warning LCY002 review-date-passed: [prod] secret-rotation", output, StringComparison.Ordinal);
        Assert.Contains("suspended: review overdue", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WhenReviewDateHasPassedOnTheGivenDay_ShouldShowThePipelineSuspended()
    {
        var (exit, output, _) = Run("plan", Stack("prod"), "--today", "2027-01-20");

        Assert.Equal(0, exit);
        Assert.Contains("secret-rotation (suspended, example-org/secret-rotation)", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("repo:{repository}:*")]
    [InlineData("repo:example-org/*")]
    [InlineData("repo:{repository}:ref:refs/heads/main")]
    public void Check_WhenSubjectTemplateIsFreeText_ShouldExitTwoAtTheTemplate(string template)
    {
        var path = TempDefinition("subjectTemplate: \"repo:{repository}:environment:{environment}\"", $"subjectTemplate: \"{template}\"");
        try
        {
            var (exit, _, error) = Run("check", path);

            Assert.Equal(2, exit);
            Assert.Matches("access-check-[0-9a-f]+\\.yaml:[0-9]+:[0-9]+: error: environment\\.ci\\.subjectTemplate: .* is not accepted", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("--today", "2026-13-01")]
    [InlineData("--format", "xml")]
    public void Check_WhenOptionIsInvalid_ShouldExitTwo(string option, string value)
    {
        var (exit, output, error) = Run("check", Stack("prod"), option, value);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.NotEmpty(error);
    }

    [Fact]
    public void Check_WhenFileIsMissing_ShouldExitTwoAndPrintNothingOnStdout()
    {
        var (exit, output, error) = Run("check", "no-such-file.yaml");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("no-such-file.yaml:1:1: error", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenSarifIsAsked_ShouldPrintSarif210WithEveryRule()
    {
        var (exit, output, _) = Run("check", Stack("staging"), Stack("prod"), "--format", "sarif");
        using var sarif = JsonDocument.Parse(output);

        Assert.Equal(0, exit);
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.True(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength() >= 40);
        Assert.Equal(0, run.GetProperty("results").GetArrayLength());
    }

    [Fact]
    public void Check_WhenJsonIsAsked_ShouldPrintCounts()
    {
        var (exit, output, _) = Run("check", Stack("prod"), "--format", "json", "--today", "2027-01-20");
        using var json = JsonDocument.Parse(output);

        Assert.Equal(0, exit);
        Assert.Equal(0, json.RootElement.GetProperty("errors").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("warnings").GetInt32());
        Assert.Equal("LCY002", json.RootElement.GetProperty("findings")[0].GetProperty("ruleId").GetString());
    }

    [Theory]
    [InlineData("text", "K8S001  no-rbac-wildcard")]
    [InlineData("markdown", "| [K8S001](docs/rules/K8S001.md) | `no-rbac-wildcard` | error | no |")]
    public void Rules_WhenListed_ShouldPrintTheCatalog(string format, string expected)
    {
        var (exit, output, _) = Run("rules", "--format", format);

        Assert.Equal(0, exit);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Contains("LCY004", output, StringComparison.Ordinal);
    }
}
