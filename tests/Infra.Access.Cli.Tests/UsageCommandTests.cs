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
        var gz = Gzip(System.IO.Path.Combine(folder.Path, "kube-audit.log.1"), File.ReadAllBytes(Logs[0]));

        var plain = CliRun.Of("usage", CliRun.Staging, Logs[0], "--today", "2026-11-24", "--format", "json");
        var zipped = CliRun.Of("usage", CliRun.Staging, gz, "--today", "2026-11-24", "--format", "json");

        Assert.Equal(plain.Exit, zipped.Exit);
        Assert.Equal(plain.Out.Replace(Logs[0].Replace('\\', '/'), "LOG", StringComparison.Ordinal), zipped.Out.Replace(gz.Replace('\\', '/'), "LOG", StringComparison.Ordinal));
    }

    [Fact]
    public void Usage_WhenLinesAreMalformed_ShouldReportEachWithItsLineAndGoOn()
    {
        using var folder = new TempFolder();
        // 2 malformed lines of 20: within the 10% a log may lose (a line cut by rotation, a stray write).
        var log = folder.File("mixed.log", "not json\n" + File.ReadAllText(Logs[0]).Split('\n')[5] + "\n{\"a\":1}\n" + GoodLines(17));

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

    /// <summary>
    /// Regression (issue 14): a log that yields no usable record read as clean (exit 0, "0 anomalous
    /// record(s)"). Every way a file can hold nothing to judge by is invalid input: exit 2, the file
    /// and the count named, nothing on stdout.
    /// </summary>
    [Theory]
    [InlineData("one-bad.log", "not json\n", "no audit record in 1 line(s) (1 malformed)")]
    [InlineData("fifty-bad.log", "FIFTY:not json", "no audit record in 50 line(s) (50 malformed)")]
    [InlineData("objects.jsonl", "FIFTY:{\"level\":\"info\",\"msg\":\"request served\",\"time\":\"2026-11-20T10:00:00Z\"}", "no audit record in 50 line(s) (50 malformed)")]
    [InlineData("core-events.jsonl", "FIFTY:{\"kind\":\"Event\",\"apiVersion\":\"v1\",\"reason\":\"Scheduled\"}", "no audit record in 50 line(s) (50 malformed)")]
    [InlineData("guard.json", "FIFTY:{\"time\":\"2026-11-20T10:00:00Z\",\"category\":\"guard\",\"properties\":{\"log\":\"allowed\"}}", "no audit record in 50 line(s) (50 AKS record(s) of other categories)")]
    [InlineData("empty.log", "", "the log is empty")]
    [InlineData("blank.log", "\n  \n\r\n\n", "the log is empty")]
    public void Usage_WhenALogYieldsNoRecord_ShouldExitTwoNamingIt(string name, string content, string message)
    {
        using var folder = new TempFolder();
        var log = folder.File(name, content.StartsWith("FIFTY:", StringComparison.Ordinal) ? string.Concat(Enumerable.Repeat(content[6..] + "\n", 50)) : content);

        foreach (var format in new[] { "text", "json", "html" })
        {
            var run = CliRun.Of("usage", CliRun.Staging, Logs[0], log, "--today", "2026-11-24", "--format", format);

            Assert.Equal(2, run.Exit);
            Assert.Equal("", run.Out);
            Assert.Contains($"{name}: error: {message}", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Usage_WhenGzipDecompressesToNothing_ShouldExitTwo()
    {
        using var folder = new TempFolder();
        // An empty member: gzip's header and trailer around no data.
        var gz = Gzip(System.IO.Path.Combine(folder.Path, "audit.log.2.gz"), []);

        var run = CliRun.Of("usage", CliRun.Staging, Logs[0], gz, "--today", "2026-11-24");

        Assert.Equal((2, ""), (run.Exit, run.Out));
        Assert.Contains("audit.log.2.gz: error: the log is empty", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A log may lose at most 10% of its non-blank lines to malformed ones (at least one is always
    /// tolerated: a log rotated mid-write ends in a cut line); beyond that it is damaged or not an
    /// audit log, and the few records read from it prove nothing. Both sides of the bound.
    /// </summary>
    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(2, 1, 2)]
    [InlineData(1, 9, 0)]
    [InlineData(2, 9, 2)]
    [InlineData(2, 18, 0)]
    [InlineData(5, 45, 0)]
    [InlineData(6, 45, 2)]
    [InlineData(50, 3, 2)]
    public void Usage_WhenPartOfALogIsMalformed_ShouldTolerateAtMostTenPercent(int malformed, int good, int exit)
    {
        using var folder = new TempFolder();
        var log = folder.File("partly.log", string.Concat(Enumerable.Repeat("{\"truncated\n", malformed)) + GoodLines(good) + "\n\n");

        var run = CliRun.Of("usage", CliRun.Staging, log, "--today", "2026-11-24");

        Assert.Equal(exit, run.Exit);
        if (exit == 2)
        {
            Assert.Equal("", run.Out);
            Assert.Contains($"partly.log: error: {malformed} of {malformed + good} non-blank line(s) are malformed, more than 10%", run.Error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"{malformed} malformed line(s) skipped", run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Usage_WhenEveryRecordIsOutsideTheWindow_ShouldSayNothingWasInIt()
    {
        var text = Usage("--since", "2026-12-01");
        var json = Usage("--since", "2026-12-01", "--format", "json");
        var md = Usage("--since", "2026-12-01", "--format", "markdown");
        var html = Usage("--since", "2026-12-01", "--format", "html");

        Assert.Equal((0, 0, 0, 0), (text.Exit, json.Exit, md.Exit, html.Exit));
        Assert.Contains("<section id=\"window\">", html.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("<section id=\"window\">", Usage("--format", "html").Out, StringComparison.Ordinal);
        Assert.DoesNotContain("No record in the window", Usage().Out, StringComparison.Ordinal);
        Assert.Contains("No record in the window: 18 record(s) read, all outside it; nothing was judged", text.Out, StringComparison.Ordinal);
        Assert.Contains("No record in the window: 18 record(s) read, all outside it; nothing was judged", md.Out, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(0, doc.RootElement.GetProperty("input").GetProperty("inWindow").GetInt64());
        Assert.Equal(18, doc.RootElement.GetProperty("input").GetProperty("outsideWindow").GetInt64());
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
        var good = Encoding.UTF8.GetBytes(File.ReadAllText(Logs[0]).Split('\n')[5] + "\n" + GoodLines(18));
        File.WriteAllBytes(path, [.. good, .. "{\"kind\":\"Event\",\"user\":\"\xff\xfe\"}\n"u8.ToArray().Select(b => b == 0xC3 ? (byte)0xFF : b), 0xC3, 0x28, (byte)'\n']);

        var run = CliRun.Of("usage", CliRun.Staging, path, "--today", "2026-11-24");

        Assert.Equal(1, run.Exit);
        Assert.Contains("bad.log:21: error: the line is not valid UTF-8", run.Error, StringComparison.Ordinal);
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

    /// <summary><paramref name="count"/> lines of a granted, allowed request (no anomaly): the used patch of kube-audit.jsonl.</summary>
    private static string GoodLines(int count) => string.Concat(Enumerable.Repeat(File.ReadAllText(Logs[0]).Split('\n')[1] + "\n", count));

    private static string Gzip(string path, byte[] content)
    {
        using var output = File.Create(path);
        using var zip = new GZipStream(output, CompressionLevel.Fastest);
        zip.Write(content);
        return path;
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
