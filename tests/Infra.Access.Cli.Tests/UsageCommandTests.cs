using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary><c>access usage</c> on the example logs, gzip, hostile files and every format; the dashboard in a real Chromium.</summary>
public sealed class UsageCommandTests
{
    private static readonly string[] Logs =
    [
        RepositoryRoot.File("tests", "Infra.Access.Tests", "Fixtures", "Usage", "kube-audit.jsonl"),
        RepositoryRoot.File("tests", "Infra.Access.Tests", "Fixtures", "Usage", "aks-kube-audit.json"),
        RepositoryRoot.File("tests", "Infra.Access.Tests", "Fixtures", "Usage", "vault-audit.log"),
    ];

    private static CliRun Usage(params string[] extra) => CliRun.Of(["usage", CliRun.Staging, .. Logs, "--today", "2026-11-24", .. extra]);

    [Fact]
    public void Usage_OnTheExampleLogs_ShouldReportAnomaliesAndExitOne()
    {
        var run = Usage();

        Assert.Equal(1, run.Exit);
        Assert.Empty(run.Error);
        foreach (var id in new[] { "USE001", "USE002", "USE003", "USE004" })
        {
            Assert.Contains(id, run.Out, StringComparison.Ordinal);
        }

        Assert.Contains("unused kubernetes payments-staging core/configmaps:payments-api-config update", run.Out, StringComparison.Ordinal);
        Assert.Contains("kube-audit.jsonl:7: error USE002 inactive-pipeline-activity: search-indexer/deploy", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenWindowHoldsNoAnomaly_ShouldExitZero()
    {
        var run = Usage("--since", "2026-11-23", "--until", "2026-11-25T00:00:00Z");

        Assert.Equal(0, run.Exit);
        Assert.Contains("Anomalies: 0 record(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains("used   kubernetes orders-staging apps/deployments/scale:orders-worker patch", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenLogIsGzip_ShouldReadItLikeThePlainOne()
    {
        using var folder = new TempFolder();
        var gz = System.IO.Path.Combine(folder.Path, "kube-audit.log.1");
        using (var output = File.Create(gz))
        using (var zip = new GZipStream(output, CompressionLevel.Fastest))
        {
            zip.Write(File.ReadAllBytes(Logs[0]));
        }

        var plain = CliRun.Of("usage", CliRun.Staging, Logs[0], "--today", "2026-11-24", "--format", "json");
        var zipped = CliRun.Of("usage", CliRun.Staging, gz, "--today", "2026-11-24", "--format", "json");

        Assert.Equal(plain.Exit, zipped.Exit);
        Assert.Equal(plain.Out.Replace(Logs[0].Replace('\\', '/'), "LOG", StringComparison.Ordinal), zipped.Out.Replace(gz.Replace('\\', '/'), "LOG", StringComparison.Ordinal));
    }

    [Fact]
    public void Usage_WhenLinesAreMalformed_ShouldReportEachWithItsLineAndGoOn()
    {
        using var folder = new TempFolder();
        var log = folder.File("mixed.log", "not json\n" + File.ReadAllText(Logs[0]).Split('\n')[5] + "\n{\"a\":1}\n");

        var run = CliRun.Of("usage", CliRun.Staging, log, "--today", "2026-11-24");

        Assert.Equal(1, run.Exit);
        Assert.Contains("mixed.log:1: error: not a JSON object", run.Error, StringComparison.Ordinal);
        Assert.Contains("mixed.log:3: error: neither", run.Error, StringComparison.Ordinal);
        Assert.Contains("USE001", run.Out, StringComparison.Ordinal);
        Assert.Contains("2 malformed line(s) skipped", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenTheFileIsNoAuditLog_ShouldStopAtTheBoundAndExitTwo()
    {
        using var folder = new TempFolder();
        var log = folder.File("readme.txt", string.Concat(Enumerable.Repeat("hello world\n", 500)));

        var run = CliRun.Of("usage", CliRun.Staging, log);

        Assert.Equal(2, run.Exit);
        Assert.Contains("more than 100 malformed lines", run.Error, StringComparison.Ordinal);
        Assert.Contains("and 51 more malformed line(s) not shown", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenGzipBombHoldsOneHugeLine_ShouldSkipItWithoutHoldingIt()
    {
        using var folder = new TempFolder();
        var bomb = System.IO.Path.Combine(folder.Path, "bomb.gz");
        using (var output = File.Create(bomb))
        using (var zip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var chunk = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 48; i++)
            {
                zip.Write(chunk);
            }

            zip.Write("\n"u8);
            zip.Write(Encoding.UTF8.GetBytes(File.ReadAllText(Logs[0]).Split('\n')[5] + "\n"));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var run = CliRun.Of("usage", CliRun.Staging, bomb, "--today", "2026-11-24");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, run.Exit);
        Assert.Contains("bomb.gz:1: error: the line is longer than", run.Error, StringComparison.Ordinal);
        Assert.Contains("USE001", run.Out, StringComparison.Ordinal);
        // 48 MiB of text decompressed; what is held stays within the line bound (4 Mi characters, 8 MiB) and the buffers.
        Assert.True(allocated < 64L << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Usage_WhenBytesAreNotUtf8_ShouldReportTheLine()
    {
        using var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Path, "bad.log");
        var good = Encoding.UTF8.GetBytes(File.ReadAllText(Logs[0]).Split('\n')[5] + "\n");
        File.WriteAllBytes(path, [.. good, .. "{\"kind\":\"Event\",\"user\":\"\xff\xfe\"}\n"u8.ToArray().Select(b => b == 0xC3 ? (byte)0xFF : b), 0xC3, 0x28, (byte)'\n']);

        var run = CliRun.Of("usage", CliRun.Staging, path, "--today", "2026-11-24");

        Assert.Equal(1, run.Exit);
        Assert.Contains("bad.log:3: error: the line is not valid UTF-8", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenGzipIsDamaged_ShouldExitTwo()
    {
        using var folder = new TempFolder();
        var path = System.IO.Path.Combine(folder.Path, "cut.gz");
        using (var output = new MemoryStream())
        {
            using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(File.ReadAllBytes(Logs[0]));
            }

            var bytes = output.ToArray();
            bytes[bytes.Length / 2] ^= 0xFF;
            File.WriteAllBytes(path, bytes);
        }

        var run = CliRun.Of("usage", CliRun.Staging, path);

        Assert.Equal(2, run.Exit);
        Assert.Contains("cut.gz:", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "last week")]
    [InlineData("--until", "2026-13-01")]
    public void Usage_WhenWindowIsNotATime_ShouldExitTwo(string option, string value)
    {
        var run = Usage(option, value);

        Assert.Equal(2, run.Exit);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenWindowIsEmpty_ShouldExitTwo()
    {
        var run = Usage("--since", "2026-11-25", "--until", "2026-11-24");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--until must be after --since", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_WhenLogIsMissing_ShouldExitTwo()
    {
        var run = CliRun.Of("usage", CliRun.Staging, "no-such.log");

        Assert.Equal(2, run.Exit);
        Assert.Contains("no-such.log: error: file not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_AsJsonAndSarif_ShouldListEveryAnomaly()
    {
        using var json = JsonDocument.Parse(Usage("--format", "json").Out);
        using var sarif = JsonDocument.Parse(Usage("--format", "sarif").Out);

        Assert.Equal(5, json.RootElement.GetProperty("anomalies").GetArrayLength());
        var run = sarif.RootElement.GetProperty("runs")[0];
        Assert.Equal(5, run.GetProperty("results").GetArrayLength());
        Assert.Equal(5, run.GetProperty("tool").GetProperty("driver").GetProperty("rules").GetArrayLength());
        var first = run.GetProperty("results")[0];
        Assert.EndsWith("kube-audit.jsonl", first.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString(), StringComparison.Ordinal);
        Assert.Equal(178, first.GetProperty("relatedLocations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
    }

    [Fact]
    public void Usage_AsMarkdown_ShouldPutAnomaliesFirst()
    {
        var md = Usage("--format", "markdown").Out;

        Assert.True(md.IndexOf("### Anomalies", StringComparison.Ordinal) < md.IndexOf("### Grants never used", StringComparison.Ordinal));
        Assert.Contains("| error | USE002 `inactive-pipeline-activity` |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_AsHtml_ShouldBeOneSelfContainedFile()
    {
        var html = Usage("--format", "html").Out;

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("id=\"compliance\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_AuditLog_ShouldWriteALogUsageReadsWithTheInjectedAnomalies()
    {
        using var folder = new TempFolder();
        var generated = CliRun.Of("generate", "--audit-log", CliRun.Staging, "--events", "200", "--seed", "3", "--aks");
        var clean = CliRun.Of("generate", "--audit-log", CliRun.Staging, "--events", "200", "--seed", "3", "--no-anomalies");

        var dirty = CliRun.Of("usage", CliRun.Staging, folder.File("a.log", generated.Out), "--today", "2026-11-24");
        var quiet = CliRun.Of("usage", CliRun.Staging, folder.File("b.log", clean.Out), "--today", "2026-11-24");

        Assert.Equal((0, 0), (generated.Exit, clean.Exit));
        Assert.Equal((1, ""), (dirty.Exit, dirty.Error));
        Assert.Equal((0, ""), (quiet.Exit, quiet.Error));
        foreach (var id in new[] { "USE001", "USE002", "USE003", "USE004", "USE005" })
        {
            Assert.Contains(id, dirty.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void BenchUsage_OnATinyLog_ShouldReportBothTimingsPerSize()
    {
        var run = CliRun.Of("bench-usage", "--events", "50", "100", "--iterations", "1", "--pipelines", "5");

        Assert.Equal(0, run.Exit);
        Assert.Matches("\\| 50 \\| [\\d,]+ \\| \\d+ \\| \\d+ / \\d+ \\| \\d+ / \\d+ \\| [\\d.]+x \\|", run.Out);
        Assert.Contains("| 100 |", run.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// The dashboard in a real headless Chromium (Debian's package): it loads, renders its sections,
    /// fetches nothing, and a screenshot is taken. scripts/test.sh installs Chromium on CI machines.
    /// </summary>
    [Fact]
    public void Usage_HtmlDashboard_ShouldRenderInHeadlessChromium()
    {
        const string Chromium = "/usr/bin/chromium";
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install -y chromium); scripts/test.sh does it on CI machines");
        using var folder = new TempFolder();
        var page = folder.File("usage.html", Usage("--format", "html").Out);
        var png = System.IO.Path.Combine(folder.Path, "usage.png");

        var dom = RunChromium(Chromium, folder.Path, "--dump-dom", new Uri(page).AbsoluteUri);
        _ = RunChromium(Chromium, folder.Path, $"--screenshot={png}", "--window-size=1400,1100", new Uri(page).AbsoluteUri);

        Assert.Contains("Access usage: staging", dom, StringComparison.Ordinal);
        Assert.Contains("inactive-pipeline-activity", dom, StringComparison.Ordinal);
        Assert.Contains("id=\"compliance\"", dom, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(png);
        Assert.True(bytes.Length > 10_000, $"screenshot has {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
    }

    private static string RunChromium(string chromium, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", $"--user-data-dir={System.IO.Path.Combine(folder, "profile-" + Guid.NewGuid().ToString("N"))}" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "chromium did not finish within 2 minutes");
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {error.Result}");
        return output.Result;
    }
}
