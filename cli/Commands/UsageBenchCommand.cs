using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Synthetic;
using Infra.Access.Usage;

namespace Infra.Access.Cli.Commands;

/// <summary>
/// <c>access bench-usage</c>: times <c>access usage</c>'s reading of synthetic audit logs of several
/// sizes against a plain System.Text.Json parse of the same lines, read the same way (the yardstick
/// of the 2x target in docs/performance.md), and shows the memory each run holds.
/// </summary>
internal static class UsageBenchCommand
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    public static Command Create(CliContext context)
    {
        var sizes = new Option<int[]>("--events", "-n")
        {
            Description = "Log sizes to measure, in ordinary events (each is one to four lines).",
            DefaultValueFactory = _ => [100_000, 1_000_000],
            AllowMultipleArgumentsPerToken = true,
        };
        sizes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>() is { } values && values.Any(v => v is < 1 or > 10_000_000))
            {
                r.AddError("--events sizes must be between 1 and 10000000");
            }
        });
        var iterations = new Option<int>("--iterations", "-i") { Description = "Timed pairs of runs (parse, then usage) per size; the median pair's ratio is reported, and the lowest.", DefaultValueFactory = _ => 3 };
        iterations.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100)
            {
                r.AddError("--iterations must be between 1 and 100");
            }
        });
        var pipelines = new Option<int>("--pipelines") { Description = "Pipelines of the synthetic catalog the log is written for.", DefaultValueFactory = _ => 200 };
        var aks = new Option<bool>("--aks") { Description = "Wrap Kubernetes events as AKS kube-audit records (each parsed twice: the record, then its properties.log)." };
        var command = new Command("bench-usage", "Time access usage on synthetic audit logs against a plain System.Text.Json parse of the same lines, with the memory held.")
        {
            sizes, iterations, pipelines, aks,
        };
        command.SetAction(result =>
        {
            context.Out.Write(Run([.. result.GetRequiredValue(sizes).Distinct().Order()], result.GetValue(iterations), result.GetValue(pipelines), result.GetValue(aks)));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Run(IReadOnlyList<int> sizes, int iterations, int pipelines, bool aks)
    {
        var definition = DefinitionLoader.Load(CatalogGenerator.Generate(new CatalogOptions(pipelines, 7)), "synthetic.yaml").Definition!;
        var index = UsageIndex.Build(definition, Planner.Build(definition, Today));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# access usage on synthetic audit logs ({pipelines} pipelines, {(aks ? "AKS records" : "API server Events")} and Vault entries)\n\n");
        text.Append("| events | lines | MB | parse (STJ, baseline) ms wall / CPU | usage ms wall / CPU | usage / parse (CPU) | min ratio | usage records/s (CPU) | parse heap after MB | usage heap after MB | usage allocated B/line |\n");
        text.Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        var folder = Directory.CreateTempSubdirectory("access-bench-usage-");
        try
        {
            // Warm-up: the JIT's first passes (tiered, then with profile) are not what a long log costs;
            // a short warm-up left the baseline still warming at 100k, which flattered the ratio there.
            var warm = Write(folder.FullName, index, 20_000, aks);
            for (var i = 0; i < 3; i++)
            {
                _ = Parse(warm.Path);
                _ = Usage(warm.Path, index);
            }

            foreach (var size in sizes)
            {
                var log = Write(folder.FullName, index, size, aks);
                // Parse and usage in turn, the ratio taken pair by pair: a shared machine's speed drifts
                // between runs, less within one pair. The median pair is reported, and the lowest ratio.
                var pairs = Enumerable.Range(0, iterations).Select(_ => (Parse: Parse(log.Path), Usage: Usage(log.Path, index)))
                    .OrderBy(p => p.Usage.Cpu / p.Parse.Cpu).ToList();
                var (parse, usage) = pairs[pairs.Count / 2];
                text.Append(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {log.Lines:N0} | {log.Bytes / 1e6:F0} | {parse.Milliseconds:F0} / {parse.Cpu:F0} | {usage.Milliseconds:F0} / {usage.Cpu:F0} | {usage.Cpu / parse.Cpu:F2}x | {pairs[0].Usage.Cpu / pairs[0].Parse.Cpu:F2}x | {log.Lines / (usage.Cpu / 1000):N0} | {parse.HeapAfter / 1e6:F1} | {usage.HeapAfter / 1e6:F1} | {usage.Allocated / (double)log.Lines:F0} |\n");
                File.Delete(log.Path);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        text.Append("\nparse: the same bounded line reader, then JsonDocument.Parse and Dispose per line. usage: the same reader, then parse, classify and count (access usage without the report). Heap after: the managed heap right after the run with a full collection, while its results are still referenced.\n");
        return text.ToString();
    }

    private static (string Path, long Lines, long Bytes) Write(string folder, UsageIndex index, int events, bool aks)
    {
        var path = Path.Combine(folder, $"audit-{events}.log");
        long lines = 0;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
        {
            foreach (var line in AuditLogGenerator.Generate(index, new AuditLogOptions(events, 7, aks)).Lines())
            {
                writer.Write(line);
                writer.Write('\n');
                lines++;
            }
        }

        return (path, lines, new FileInfo(path).Length);
    }

    private static Measured Parse(string path) => Measure(() =>
    {
        using var reader = new StreamReader(path, Encoding.UTF8, false, 1 << 16);
        var lines = new AuditLineReader(reader, UsageLimits.Default.MaxLineLength);
        long objects = 0;
        while (lines.TryRead(out var line))
        {
            using var document = JsonDocument.Parse(line.Text);
            objects += document.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        return objects;
    });

    private static Measured Usage(string path, UsageIndex index) => Measure(() =>
    {
        using var reader = new StreamReader(path, Encoding.UTF8, false, 1 << 16);
        var lines = new AuditLineReader(reader, UsageLimits.Default.MaxLineLength);
        var tally = new UsageTally(index, null, null);
        while (lines.TryRead(out var line))
        {
            _ = tally.AddLine(line, path);
        }

        return tally;
    });

    private static Measured Measure(Func<object> run)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = run();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        process.Refresh();
        // CPU time is the telling figure on a shared machine: wall time moves with the other tenants' load.
        var used = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(result);
        return new Measured(elapsed, used, allocated, heap);
    }

    private sealed record Measured(double Milliseconds, double Cpu, long Allocated, long HeapAfter);
}
