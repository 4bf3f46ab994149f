using System.Text.Json;

namespace Infra.Access.Cli.Tests;

public sealed class PlanCommandTests
{
    private const string BadDefinition = "environment:\n  name: Bad_Name\n";

    [Fact]
    public void Plan_WhenStagingIsGiven_ShouldPrintEachPipelineAndStage()
    {
        var run = CliRun.Of("plan", CliRun.Staging);

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Error);
        Assert.StartsWith("Environment staging (non-production): 6 pipelines, 9 live identities, ", run.Out, StringComparison.Ordinal);
        Assert.Contains("\npayments-api (active, example-org/payments-api)\n  build: repo:example-org/payments-api:environment:staging, token 30m\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("\n    kubernetes payments-staging apps/deployments:payments-api: get, patch, update\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("\nsearch-indexer (paused, example-org/search-indexer)\n  holds no grants", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--format", "json")]
    [InlineData("-f", "json")]
    public void Plan_WhenJsonIsAsked_ShouldPrintThePlanAsJson(string option, string format)
    {
        var run = CliRun.Of("plan", CliRun.Staging, option, format);

        Assert.Equal(0, run.Exit);
        using var document = JsonDocument.Parse(run.Out);
        Assert.Equal("staging", document.RootElement.GetProperty("environment").GetString());
        Assert.Equal("non-production", document.RootElement.GetProperty("tier").GetString());
        Assert.True(document.RootElement.GetProperty("kubernetes").GetProperty("serviceAccounts").GetArrayLength() > 0);
    }

    [Fact]
    public void Plan_WhenTheDefinitionIsInvalid_ShouldPrintFileLineColumnAndExitTwo()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.yaml", BadDefinition);

        var run = CliRun.Of("plan", path);

        Assert.Equal(2, run.Exit);
        Assert.Empty(run.Out);
        Assert.Contains($"{path}:2:9: error: environment.name: 'Bad_Name' is not a DNS-1123 label", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{path}:2:3: error: environment.tier: required key is missing from environment", run.Error, StringComparison.Ordinal);
        Assert.All(run.Error.TrimEnd('\n').Split('\n'), line => Assert.StartsWith(path + ":", line, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_WhenTheFileDoesNotExist_ShouldSaySoAndExitTwo()
    {
        var run = CliRun.Of("plan", "no/such/file.yaml");

        Assert.Equal(2, run.Exit);
        Assert.Equal("no/such/file.yaml:1:1: error: file not found\n", run.Error);
    }

    [Fact]
    public void Plan_WhenTheDefinitionIsADirectory_ShouldSaySoAndExitTwo()
    {
        var directory = Directory.CreateTempSubdirectory("access-plan-").FullName;
        try
        {
            var run = CliRun.Of("plan", directory);

            Assert.Equal(2, run.Exit);
            Assert.Equal($"{directory}:1:1: error: is a directory, not a definition file\n", run.Error);
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Theory]
    [InlineData("json")]
    [InlineData("text")]
    public void Plan_WhenStdoutIsAStream_ShouldWriteTheSameBytesAsToAWriter(string format)
    {
        using var buffer = new MemoryStream();
        int exit;
        using (var stdout = new StreamWriter(buffer, new System.Text.UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" })
        using (var error = new StringWriter())
        {
            exit = AccessCli.Run(["plan", CliRun.Staging, "--format", format], new CliContext(stdout, error, new DateOnly(2026, 11, 24)));
            stdout.Flush();
        }

        var written = new System.Text.UTF8Encoding(false).GetString(buffer.ToArray());
        Assert.Equal(0, exit);
        Assert.Equal(CliRun.Of("plan", CliRun.Staging, "--format", format).Out, written);
    }
}
