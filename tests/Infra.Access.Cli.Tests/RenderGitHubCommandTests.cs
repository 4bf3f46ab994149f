using System.Text.Json;

namespace Infra.Access.Cli.Tests;

/// <summary>Issue 15: <c>access render --format github</c> and its reviewer ids.</summary>
public sealed class RenderGitHubCommandTests
{
    private static readonly string Prod = Infra.Testing.RepositoryRoot.File("stacks", "prod.yaml");

    private const string ApprovalBody = "github/example-org/payments-api/environments/prod-approval/environment.json";

    [Fact]
    public void Render_WhenNoIdsAreGiven_ShouldWriteTheBodiesAndSayTheyNeedIds()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("render", Prod, "--format", "github", "--output-dir", folder.Path);

        Assert.Equal(0, run.Exit);
        Assert.Contains("not by GitHub's numeric id (carol-release, erin-release, grace-security-lead, ivan-release)", run.Error, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, ApprovalBody)));
        Assert.Equal("carol-release", body.RootElement.GetProperty("reviewers")[0].GetProperty("login").GetString());
        Assert.True(body.RootElement.GetProperty("prevent_self_review").GetBoolean());
        Assert.Equal("/.github/workflows/deploy.yml @alice-payments @bob-payments", File.ReadAllLines(Path.Combine(folder.Path, "github/example-org/payments-api/CODEOWNERS"))[^2]);
    }

    [Fact]
    public void Render_WhenEveryReviewerHasAnId_ShouldWriteBodiesReadyToSend()
    {
        using var folder = new TempFolder();
        var ids = Path.Combine(folder.Path, "ids.json");
        File.WriteAllText(ids, "{\"Carol-Release\": 101, \"erin-release\": 102, \"grace-security-lead\": 103, \"ivan-release\": 104}");
        var output = Path.Combine(folder.Path, "out");

        var run = CliRun.Of("render", Prod, "--format", "github", "--reviewer-ids", ids, "--output-dir", output);

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Error);
        Assert.Equal("{\"type\":\"User\",\"id\":101}", JsonDocument.Parse(File.ReadAllText(Path.Combine(output, ApprovalBody))).RootElement.GetProperty("reviewers")[0].GetRawText().Replace(" ", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"carol-release\": 101}", "no id for erin-release, grace-security-lead, ivan-release")]
    [InlineData("{\"carol-release\": -1}", "every id must be a positive number")]
    [InlineData("[\"carol-release\"]", "not a JSON object of reviewer to numeric id")]
    [InlineData("{\"carol-release\": \"101\"}", "not a JSON object of reviewer to numeric id")]
    public void Render_WhenIdsAreMissingOrMalformed_ShouldRefuseWithExit2(string content, string error)
    {
        using var folder = new TempFolder();
        var ids = Path.Combine(folder.Path, "ids.json");
        File.WriteAllText(ids, content);

        var run = CliRun.Of("render", Prod, "--format", "github", "--reviewer-ids", ids);

        Assert.Equal(2, run.Exit);
        Assert.Contains(error, run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("vault")]
    [InlineData("kubernetes")]
    public void Render_WhenIdsAreGivenForAnotherFormat_ShouldRefuse(string format)
    {
        var run = CliRun.Of("render", Prod, "--format", format, "--reviewer-ids", "ids.json");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--reviewer-ids applies to --format github only", run.Error, StringComparison.Ordinal);
    }
}
