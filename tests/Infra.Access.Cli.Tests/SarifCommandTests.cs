using System.Text.Json;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>
/// Issue 12, "SARIF that GitHub and Microsoft's SARIF validator accept as is": absolute help links
/// derived from the CI's repository, the tool's identity, the run's category, and file locations
/// relative to the repository root however the file was named.
/// </summary>
public sealed class SarifCommandTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef01234567";

    private static readonly Dictionary<string, string> GitHubActions = new(StringComparer.Ordinal)
    {
        ["GITHUB_SERVER_URL"] = "https://github.com",
        ["GITHUB_REPOSITORY"] = "example-org/infra",
        ["GITHUB_SHA"] = Sha,
    };

    private static CliRun Run(IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = AccessCli.Run(args, new CliContext(output, error, CliRun.Today, name => variables.GetValueOrDefault(name)));
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>A repository (a folder holding .git) with stacks/prod.yaml whose ceiling makes findings.</summary>
    private static TempFolder Repository(out string definition)
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, ".git"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "stacks"));
        var text = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));
        Assert.Contains("tokenTtlCeiling: 15m", text, StringComparison.Ordinal);
        definition = folder.File(Path.Combine("stacks", "prod.yaml"), text.Replace("tokenTtlCeiling: 15m", "tokenTtlCeiling: 1m", StringComparison.Ordinal));
        return folder;
    }

    private static JsonElement Driver(JsonDocument sarif) => sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver");

    [Fact]
    public void Check_WhenRunInGitHubActions_ShouldLinkEveryRuleToItsPageAtTheCheckedCommit()
    {
        using var repository = Repository(out var definition);

        var run = Run(GitHubActions, "check", definition, "--format", "sarif");

        Assert.Equal(1, run.Exit);
        using var sarif = JsonDocument.Parse(run.Out);
        var driver = Driver(sarif);
        foreach (var rule in driver.GetProperty("rules").EnumerateArray())
        {
            Assert.Equal($"https://github.com/example-org/infra/blob/{Sha}/docs/rules/{rule.GetProperty("id").GetString()}.md", rule.GetProperty("helpUri").GetString());
        }

        Assert.Equal($"https://github.com/example-org/infra/blob/{Sha}/README.md", driver.GetProperty("informationUri").GetString());
        Assert.Equal("access", driver.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("fullName").GetString()));
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+(\+[0-9A-Za-z.-]+)?$", driver.GetProperty("version").GetString());
        Assert.Matches(@"^[0-9]+\.[0-9]+\.[0-9]+$", driver.GetProperty("semanticVersion").GetString());
        Assert.Equal("access/check/", sarif.RootElement.GetProperty("runs")[0].GetProperty("automationDetails").GetProperty("id").GetString());
    }

    [Fact]
    public void Check_WhenHelpBaseUriIsGiven_ShouldWinOverTheCiAndSetTheCategory()
    {
        using var repository = Repository(out var definition);

        var run = Run(GitHubActions, "check", definition, "--format", "sarif", "--help-base-uri", "https://git.example.test/infra/-/blob/main", "--category", "access/prod");

        using var sarif = JsonDocument.Parse(run.Out);
        Assert.Equal("https://git.example.test/infra/-/blob/main/docs/rules/AZR001.md", Driver(sarif).GetProperty("rules")[0].GetProperty("helpUri").GetString());
        Assert.Equal("access/prod/", sarif.RootElement.GetProperty("runs")[0].GetProperty("automationDetails").GetProperty("id").GetString());
    }

    [Fact]
    public void Check_WhenNoRepositoryUrlIsKnown_ShouldLeaveHelpUriOutRatherThanWriteARelativeOne()
    {
        using var repository = Repository(out var definition);

        var run = Run(new Dictionary<string, string>(), "check", definition, "--format", "sarif");

        using var sarif = JsonDocument.Parse(run.Out);
        var driver = Driver(sarif);
        Assert.All(driver.GetProperty("rules").EnumerateArray(), rule => Assert.False(rule.TryGetProperty("helpUri", out _)));
        Assert.False(driver.TryGetProperty("informationUri", out _));
        Assert.Contains("**Recommendation:**", driver.GetProperty("rules")[0].GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help-base-uri", "docs/")]
    [InlineData("--help-base-uri", "ftp://example.test/")]
    [InlineData("--help-base-uri", "https://example.test/?q=1")]
    [InlineData("--category", "/access")]
    [InlineData("--category", "access check")]
    public void Check_WhenASarifOptionIsInvalid_ShouldExitTwoNamingIt(string option, string value)
    {
        using var repository = Repository(out var definition);

        var run = Run(new Dictionary<string, string>(), "check", definition, "--format", "sarif", option, value);

        Assert.Equal(2, run.Exit);
        Assert.Empty(run.Out);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenTheCiGivesNoUsableUrl_ShouldExitTwo()
    {
        using var repository = Repository(out var definition);
        var variables = new Dictionary<string, string>(GitHubActions, StringComparer.Ordinal) { ["GITHUB_SERVER_URL"] = "not a url" };

        var run = Run(variables, "check", definition, "--format", "sarif");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--help-base-uri", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenTheFileIsNamedByAnAbsolutePath_ShouldLocateFindingsRelativeToTheRepositoryRoot()
    {
        using var repository = Repository(out var definition);

        var run = Run(GitHubActions, "check", definition, "--format", "sarif");

        using var sarif = JsonDocument.Parse(run.Out);
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.NotEmpty(results);
        Assert.All(results, r => Assert.Equal("stacks/prod.yaml", r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
    }

    [Fact]
    public void Check_WhenRepositoryRootIsGiven_ShouldLocateFindingsRelativeToIt()
    {
        using var repository = Repository(out var definition);

        var run = Run(GitHubActions, "check", definition, "--format", "sarif", "--repository-root", Path.Combine(repository.Path, "stacks"));

        using var sarif = JsonDocument.Parse(run.Out);
        Assert.Equal("prod.yaml", sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
    }

    [Theory]
    [InlineData("repo", "./stacks/prod.yaml")]
    [InlineData("repo", "stacks/prod.yaml")]
    [InlineData("repo/stacks", "prod.yaml")]
    [InlineData("repo/stacks", "../stacks/./prod.yaml")]
    [InlineData("elsewhere", "../repo/stacks/prod.yaml")]
    [InlineData("repo/docs", "../stacks/prod.yaml")]
    public void ArtifactUri_WhenTheFileIsNamedAnyWay_ShouldBeRelativeToTheRepositoryRoot(string currentDirectory, string path)
    {
        using var folder = new TempFolder();
        var root = Path.Combine(folder.Path, "repo");
        Directory.CreateDirectory(Path.Combine(root, ".git"));
        Directory.CreateDirectory(Path.Combine(root, "stacks"));
        Directory.CreateDirectory(Path.Combine(root, "docs"));
        Directory.CreateDirectory(Path.Combine(folder.Path, "elsewhere"));
        var here = Path.Combine(folder.Path, currentDirectory);

        var found = SarifSettings.GitRoot(path, here);

        Assert.Equal(root, found);
        Assert.Equal("stacks/prod.yaml", SarifSettings.ArtifactUri(found!, path, here));
        Assert.Equal("stacks/prod.yaml", SarifSettings.ArtifactUri(root, Path.Combine(root, "stacks", "prod.yaml"), here));
    }

    [Fact]
    public void ArtifactUri_WhenTheFileLiesOutsideTheRoot_ShouldBeAnAbsoluteFileUri()
    {
        Assert.Equal("file:///tmp/other/prod.yaml", SarifSettings.ArtifactUri("/work/repo", "/tmp/other/prod.yaml", "/work/repo"));
        Assert.Equal("stacks/a%20b%23.yaml", SarifSettings.ArtifactUri("/work/repo", "stacks/a b#.yaml", "/work/repo"));
    }
}
