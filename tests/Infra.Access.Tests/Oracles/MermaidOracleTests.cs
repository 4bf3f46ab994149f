using System.Diagnostics;
using System.Text.RegularExpressions;
using Infra.Access.Tests.Golden;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Oracle: Mermaid itself (npm <c>@mermaid-js/mermaid-cli</c>, installed by scripts/test.sh into
/// tests/oracles, driving Debian's Chromium at /usr/bin/chromium: it never downloads a browser)
/// draws every diagram of the diff's golden comments, and refuses a broken one. The picture in
/// docs/diff.md is drawn by it too (scripts/update-golden.sh). Missing tools fail, never skip.
/// </summary>
public sealed partial class MermaidOracleTests
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string DiffCases = RepositoryRoot.File("tests", "Infra.Access.Tests", "Golden", "Diff");

    [Fact]
    public async Task Render_WhenEveryGoldenDiffDiagramIsDrawnByMermaid_ShouldSucceed()
    {
        var blocks = Directory.GetFiles(DiffCases, "expected.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .SelectMany(file => Blocks(File.ReadAllText(file))).ToList();
        Assert.True(blocks.Count >= 5, "the golden diff cases lost their diagrams");
        using var folder = new TempFolder();
        var input = Path.Combine(folder.Path, "diagrams.md");
        File.WriteAllText(input, string.Concat(blocks.Select(b => "```mermaid\n" + b + "```\n\n")));

        var (exit, output) = await Mmdc(folder.Path, "-i", input, "-o", Path.Combine(folder.Path, "drawn.md"));

        Assert.True(exit == 0, $"mermaid-cli refused a diagram of the golden diff comments:\n{output}");
        for (var i = 1; i <= blocks.Count; i++)
        {
            var svg = File.ReadAllText(Path.Combine(folder.Path, $"drawn-{i}.svg"));
            Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
            Assert.DoesNotContain("Syntax error", svg, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Render_WhenTheDiagramIsBroken_ShouldFail()
    {
        var diagram = Blocks(File.ReadAllText(Path.Combine(DiffCases, "prod-only-change", "expected.md"))).First();
        // One label loses its closing quote and bracket: what a missing escape in DiffMarkdown would do.
        var broken = diagram.Replace("\"]\n", "\n", StringComparison.Ordinal);
        using var folder = new TempFolder();
        var input = Path.Combine(folder.Path, "broken.mmd");
        File.WriteAllText(input, broken);

        var (exit, output) = await Mmdc(folder.Path, "-i", input, "-o", Path.Combine(folder.Path, "broken.svg"));

        Assert.NotEqual(0, exit);
        Assert.Contains("Parse error", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// docs/diff-example.mmd is the prod diagram of the review-example comment (golden); the picture
    /// docs/diff-example.png beside it is Mermaid's drawing of it, redrawn when the diagram changes.
    /// </summary>
    [Fact]
    public async Task Docs_WhenTheExampleDiagramIsDrawn_ShouldKeepItsPictureInDocs()
    {
        var diagram = Blocks(File.ReadAllText(Path.Combine(DiffCases, "review-example", "expected.md"))).First();
        var source = RepositoryRoot.File("docs", "diff-example.mmd");
        var picture = RepositoryRoot.File("docs", "diff-example.png");
        var changed = !File.Exists(source) || File.ReadAllText(source) != diagram || !File.Exists(picture);
        GoldenFiles.AssertMatches(source, diagram);
        if (GoldenFiles.Updating && changed)
        {
            using var folder = new TempFolder();
            var (exit, output) = await Mmdc(folder.Path, "-i", source, "-o", picture, "-b", "white");
            Assert.True(exit == 0, output);
        }

        Assert.True(File.Exists(picture), "docs/diff-example.png is missing: run scripts/update-golden.sh");
        var bytes = File.ReadAllBytes(picture);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        Assert.Contains("diff-example.png", File.ReadAllText(RepositoryRoot.File("docs", "diff.md")), StringComparison.Ordinal);
    }

    /// <summary>The Mermaid blocks of a Markdown text, without their fences.</summary>
    internal static IEnumerable<string> Blocks(string markdown) => BlockPattern().Matches(markdown).Select(m => m.Groups[1].Value);

    [GeneratedRegex("```mermaid\n(.*?)```", RegexOptions.Singleline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BlockPattern();

    /// <summary>Runs mermaid-cli with Debian's Chromium, headless, in a fresh profile; returns the exit code and everything it printed.</summary>
    private static async Task<(int Exit, string Output)> Mmdc(string folder, params string[] arguments)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium; scripts/test.sh does it on CI) — the Mermaid oracle never downloads a browser");
        var cli = RepositoryRoot.File("tests", "oracles", "node_modules", "@mermaid-js", "mermaid-cli", "src", "cli.js");
        Assert.True(File.Exists(cli), "mermaid-cli is not installed: run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tests/oracles` (scripts/test.sh does it)");
        var config = Path.Combine(folder, "puppeteer.json");
        var profile = Path.Combine(folder, "profile");
        File.WriteAllText(config, $$"""
            {"executablePath": "{{Chromium}}", "userDataDir": "{{profile}}",
             "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]}
            """);
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.Environment["PUPPETEER_SKIP_DOWNLOAD"] = "1";
        foreach (var argument in (string[])[cli, "-p", config, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var errors = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, output + await errors);
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mermaid-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
