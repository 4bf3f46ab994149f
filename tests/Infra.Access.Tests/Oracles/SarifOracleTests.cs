using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;
using Infra.Access.Tests.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Issue 12: the SARIF that <c>access check</c> writes is accepted as is by the SARIF 2.1.0 JSON
/// schema with format checks on (Ajv 2020 + ajv-formats over the schema Microsoft publishes in
/// @microsoft/sarif-multitool-linux, tests/oracles/sarif-validate.js) and by Microsoft's SARIF
/// Multitool <c>validate</c> (its SARIF and GitHub ingestion rules, errors and warnings). Both are
/// installed by scripts/test.sh into tests/oracles; a missing one fails, never skips.
/// </summary>
public sealed class SarifOracleTests
{
    private static readonly string Oracles = RepositoryRoot.File("tests", "oracles");
    private static readonly string Multitool = Path.Combine(Oracles, "node_modules", "@microsoft", "sarif-multitool-linux", "Sarif.Multitool");
    private static readonly SarifOptions Options = new("https://github.com/example-org/infra/blob/0123456789abcdef0123456789abcdef01234567/", "1.2.3+abc");

    /// <summary>One failing fixture per rule, the waived fixture and a clean base: every rule, result and suppression shape.</summary>
    private static IEnumerable<(string Name, GuardrailReport Report)> Reports()
    {
        var fixtures = RuleFixture.All().Where(f => f.Contains("/fail/", StringComparison.Ordinal))
            .GroupBy(f => f.Split('/')[0], StringComparer.Ordinal).Select(g => g.First())
            .Append("K8S009/pass/waived.yaml").Append("K8S001/pass/base.yaml");
        return fixtures.Select(f => (f.Replace('/', '-'), RuleFixture.Read(f).Run()));
    }

    /// <summary>A failing, a waived and a clean run: the Multitool takes seconds per log, so it reads these three.</summary>
    private static readonly string[] Few = ["VLT007/fail/ceiling-from-definition.yaml", "K8S009/pass/waived.yaml", "K8S001/pass/base.yaml"];

    private static IEnumerable<(string Name, GuardrailReport Report)> FewReports() =>
        Few.Select(f => (f.Replace('/', '-'), RuleFixture.Read(f).Run()));

    private static TempDirectory Logs(Func<string, string>? edit = null, bool few = false)
    {
        var folder = new TempDirectory();
        foreach (var (name, report) in few ? FewReports() : Reports())
        {
            var text = Sarif.Render(report, RuleCatalog.Default, Options);
            File.WriteAllText(Path.Combine(folder.Path, name + ".sarif"), edit is null ? text : edit(text));
        }

        return folder;
    }

    [Fact]
    public async Task Sarif_WhenValidatedAgainstThePublishedSchemaWithFormats_ShouldBeValid()
    {
        using var logs = Logs();

        var (exit, output) = await Ajv(logs.Path);

        Assert.True(exit == 0, $"the SARIF 2.1.0 schema rejects the output:\n{output}");
    }

    [Fact]
    public async Task SchemaOracle_WhenHelpUriIsRelative_ShouldRejectIt()
    {
        // The old output: a relative helpUri. If this passed, the oracle would not check formats.
        using var logs = Logs(text =>
        {
            var node = JsonNode.Parse(text)!;
            node["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!["helpUri"] = "docs/rules/AZR001.md";
            return node.ToJsonString();
        });

        var (exit, output) = await Ajv(logs.Path);

        Assert.Equal(1, exit);
        Assert.Contains("/helpUri must match format \"uri\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sarif_WhenValidatedByMicrosoftsMultitool_ShouldHaveNoErrorOrWarning()
    {
        Assert.True(File.Exists(Multitool), "the SARIF Multitool is not installed: run `npm ci --prefix tests/oracles` (scripts/test.sh does it)");
        using var logs = Logs(few: true);
        var report = Path.Combine(logs.Path, "validation.json");

        var (exit, output) = await RunProcess(Multitool, "validate", logs.Path + "/*.sarif", "--output", report, "--level", "Error;Warning", "--rule-kind", "Sarif;Gh");

        Assert.True(exit == 0, $"Sarif.Multitool validate failed:\n{output}");
        using var validation = JsonDocument.Parse(File.ReadAllText(report));
        var problems = validation.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => $"{r.GetProperty("ruleId").GetString()}: {r.GetProperty("message")}").ToList();
        Assert.True(problems.Count == 0, "Sarif.Multitool validate:\n" + string.Join('\n', problems));
        Assert.Contains("Done. 3 files scanned.", output, StringComparison.Ordinal);
    }

    private static Task<(int Exit, string Output)> Ajv(string folder)
    {
        var files = Directory.GetFiles(folder, "*.sarif").Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(files);
        return RunProcess("node", [Path.Combine(Oracles, "sarif-validate.js"), .. files]);
    }

    private static async Task<(int Exit, string Output)> RunProcess(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The Multitool is a .NET program; keep its first-run chatter and telemetry out of the output.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // The Multitool's note-level rule SARIF2006 fetches every URI in the log; a test must not depend
        // on the network, so its requests go to a closed local port and fail at once.
        start.Environment["HTTP_PROXY"] = "http://127.0.0.1:9";
        start.Environment["HTTPS_PROXY"] = "http://127.0.0.1:9";
        using var process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + await errors);
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("access-sarif-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
