using System.Collections.Immutable;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Rules;
using Infra.Access.Synthetic;
using Infra.Access.Yaml;
using YamlDotNet.RepresentationModel;

namespace Infra.Access.Cli.Commands;

/// <summary>
/// <c>access bench</c>: times each phase of the tool on synthetic catalogs of several sizes and,
/// in the same run, a plain YamlDotNet parse of the same text, the yardstick of the targets in
/// docs/performance.md. Each phase is one entry of <see cref="Phases"/>: a phase that does not
/// exist yet is simply not listed, and adding one is one line.
/// </summary>
internal static class BenchCommand
{
    private const string YamlParse = "yaml-parse (YamlDotNet YamlStream, baseline)";

    /// <summary>The phases, in data-flow order. Each takes the prepared inputs of one size and returns something to keep alive.</summary>
    private static ImmutableArray<Phase> Phases { get; } =
    [
        new(YamlParse, i => LoadYamlStream(i.Text)),
        new("parse (YAML to tree)", i => YamlTreeReader.Read(i.Text, i.File, LoadLimits.Default)),
        new("load (parse + validate)", i => DefinitionLoader.Load(i.Text, i.File)),
        new("plan", i => Planner.Build(i.Definition)),
        new(Check, i => Guardrails.Check([i.Definition], [i.Plan], Today)),
        new("render kubernetes", i => KubernetesRenderer.Render(i.Plan)),
        new("render vault", i => VaultRenderer.Render(i.Plan).ToList()),
        new("render azure", i => AzureRenderer.Render(i.Plan)),
        new("render plan text", i => PlanRenderer.Text(i.Plan)),
        new("matrix (plan to access rows)", i => AccessMatrix.Build(i.Plan)),
        new(YamlParseBoth, i => (LoadYamlStream(i.Text), LoadYamlStream(i.ChangedText))),
        new(Diff, i => DiffMarkdown.Render(AccessDiffer.Compare([AccessDiffer.Compare(i.Plan, i.ChangedPlan, [], [])]))),
        new(DiffEndToEnd, i => DiffBothFiles(i)),
    ];

    private const string Check = "check (guardrails over the plan)";

    // A fixed date, so review-by and waiver findings (and so the timings) do not depend on the day of the run.
    private static readonly DateOnly Today = new(2026, 11, 24);

    private const string YamlParseBoth = "yaml-parse both catalogs (baseline)";
    private const string Diff = "diff (compare two plans, render Markdown)";
    private const string DiffEndToEnd = "diff end to end (load, plan, check, compare both catalogs)";

    /// <summary>Phases the benchmark is ready for but that the tool does not have yet (see docs/performance.md).</summary>
    private static ImmutableArray<string> NotMeasured { get; } = [];

    public static Command Create(CliContext context)
    {
        var sizes = new Option<int[]>("--pipelines", "-n")
        {
            Description = "Catalog sizes to measure.",
            DefaultValueFactory = _ => [250, 1000, 4000],
            AllowMultipleArgumentsPerToken = true,
        };
        sizes.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int[]>() is { } values && values.Any(v => v is < 1 or > 100_000))
            {
                r.AddError("--pipelines sizes must be between 1 and 100000");
            }
        });
        var iterations = new Option<int>("--iterations", "-i")
        {
            Description = "Timed runs per phase and size; the median is reported.",
            DefaultValueFactory = _ => 7,
        };
        iterations.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                r.AddError("--iterations must be between 1 and 1000");
            }
        });
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic catalogs.", DefaultValueFactory = _ => 7 };
        var command = new Command("bench", "Time parse, validate, plan, render (and check and diff where they exist) on synthetic catalogs, against a plain YAML parse.")
        {
            sizes, iterations, seed,
        };
        command.SetAction(result =>
        {
            var report = Run([.. result.GetRequiredValue(sizes).Distinct().Order()], result.GetValue(iterations), result.GetValue(seed));
            context.Out.Write(report);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Run(IReadOnlyList<int> sizes, int iterations, int seed)
    {
        // Warm-up on a small catalog so the first measured size does not pay for the JIT.
        var warm = Inputs.Prepare(50, seed);
        foreach (var phase in Phases)
        {
            GC.KeepAlive(phase.Run(warm));
        }

        var results = new List<SizeResult>();
        foreach (var size in sizes)
        {
            var inputs = Inputs.Prepare(size, seed);
            var timings = new Dictionary<string, Timing>(StringComparer.Ordinal);
            foreach (var phase in Phases)
            {
                timings[phase.Name] = Measure(phase, inputs, iterations);
            }

            GC.Collect();
            using var process = Process.GetCurrentProcess();
            results.Add(new SizeResult(size, inputs.Text.Length, timings, process.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: true)));
            GC.KeepAlive(inputs);
        }

        return Report(results, iterations, seed);
    }

    private static Timing Measure(Phase phase, Inputs inputs, int iterations)
    {
        var times = new double[iterations];
        var cpu = new double[iterations];
        var pauses = new double[iterations];
        long allocated = 0;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < iterations; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var before = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var pauseBefore = GC.GetTotalPauseDuration();
            var clock = Stopwatch.StartNew();
            var output = phase.Run(inputs);
            clock.Stop();
            pauses[i] = (GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds;
            process.Refresh();
            cpu[i] = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            GC.KeepAlive(output);
            times[i] = clock.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        Array.Sort(cpu);
        Array.Sort(pauses);
        return new Timing(times[iterations / 2], cpu[iterations / 2], allocated, pauses[iterations / 2]);
    }

    private static string Report(List<SizeResult> results, int iterations, int seed)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append(c, $"access bench: median of {iterations} runs per phase, seed {seed}: wall-clock ms / process CPU ms (MB allocated per run; ms of it the GC paused the program).\n");
        text.Append("Ratios use CPU time, which a busy machine disturbs less than wall-clock time.\n\n");
        text.Append("| phase |");
        foreach (var r in results)
        {
            text.Append(c, $" {r.Pipelines} pipelines |");
        }

        text.Append('\n').Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", results.Count))).Append('\n');
        text.Append("| file size |");
        foreach (var r in results)
        {
            text.Append(c, $" {r.Characters / 1024.0 / 1024.0:F1} MB |");
        }

        text.Append('\n');
        foreach (var phase in Phases)
        {
            text.Append(c, $"| {phase.Name} |");
            foreach (var r in results)
            {
                var t = r.Timings[phase.Name];
                text.Append(c, $" {t.Milliseconds:F0} / {t.CpuMilliseconds:F0} ({t.Allocated / 1024.0 / 1024.0:F0}; GC {t.GcPauseMilliseconds:F0}) |");
            }

            text.Append('\n');
        }

        text.Append("| peak working set of the process so far |");
        foreach (var r in results)
        {
            text.Append(c, $" {r.PeakWorkingSet / 1024.0 / 1024.0:F0} MB |");
        }

        text.Append("\n| live managed heap after the size (inputs, plan kept) |");
        foreach (var r in results)
        {
            text.Append(c, $" {r.LiveHeap / 1024.0 / 1024.0:F0} MB |");
        }

        text.Append("\n\nTargets\n");
        foreach (var r in results)
        {
            var yaml = r.Timings[YamlParse].CpuMilliseconds;
            var plan = r.Timings["plan"].CpuMilliseconds;
            var check = r.Timings[Check].CpuMilliseconds;
            text.Append(c, $"- {r.Pipelines} pipelines: check + plan = {(check + plan) / yaml:F2}x the plain YAML parse (target: at most 1.5x)\n");
            var load = r.Timings["load (parse + validate)"].CpuMilliseconds;
            text.Append(c, $"- {r.Pipelines} pipelines: load + plan = {(load + plan) / yaml:F2}x the plain YAML parse\n");
        }

        foreach (var r in results)
        {
            var both = r.Timings[YamlParseBoth].CpuMilliseconds;
            text.Append(c, $"- {r.Pipelines} pipelines: diff = {r.Timings[Diff].CpuMilliseconds / both:F2}x parsing both files with YamlDotNet; end to end {r.Timings[DiffEndToEnd].CpuMilliseconds / both:F2}x (target: at most 1.5x)\n");
        }

        for (var i = 1; i < results.Count; i++)
        {
            var (small, large) = (results[i - 1], results[i]);
            var total = (SizeResult r) => r.Timings.Where(t => !t.Key.Contains("baseline", StringComparison.Ordinal) && t.Key != DiffEndToEnd).Sum(t => t.Value.CpuMilliseconds);
            text.Append(c, $"- {large.Pipelines / (double)small.Pipelines:F1}x the pipelines ({small.Pipelines} to {large.Pipelines}): {total(large) / total(small):F2}x the time of all phases (target: at most 4.5x for 4x)\n");
        }

        if (!NotMeasured.IsEmpty)
        {
            text.Append("\nNot measured\n");
            foreach (var missing in NotMeasured)
            {
                text.Append("- ").Append(missing).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>What <c>access diff</c> does with two files: each side loaded, planned, checked and reduced to its DiffSide.</summary>
    private static string DiffBothFiles(Inputs inputs)
    {
        var before = Side(inputs.Text, inputs.File);
        var after = Side(inputs.ChangedText, inputs.File);
        return DiffMarkdown.Render(AccessDiffer.Compare([AccessDiffer.Compare(before, after)]));
    }

    private static DiffSide Side(string text, string file)
    {
        var definition = DefinitionLoader.Load(text, file).Definition!;
        var plan = Planner.Build(definition);
        return DiffSide.Of(plan, Guardrails.Check([definition], [plan], Today).Findings);
    }

    private static YamlStream LoadYamlStream(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream;
    }

    private sealed record Phase(string Name, Func<Inputs, object?> Run);

    /// <param name="GcPauseMilliseconds">Wall-clock time the GC held the threads, part of <paramref name="Milliseconds"/>.</param>
    private sealed record Timing(double Milliseconds, double CpuMilliseconds, long Allocated, double GcPauseMilliseconds);

    private sealed record SizeResult(int Pipelines, int Characters, Dictionary<string, Timing> Timings, long PeakWorkingSet, long LiveHeap);

    /// <summary>One size's inputs, prepared untimed so each phase is measured alone.</summary>
    private sealed record Inputs(string File, string Text, string ChangedText, EnvironmentDefinition Definition, Plan Plan, Plan ChangedPlan)
    {
        public static Inputs Prepare(int pipelines, int seed)
        {
            var file = $"synthetic-{pipelines}.yaml";
            var text = CatalogGenerator.Generate(new CatalogOptions(pipelines, seed));
            var changed = CatalogGenerator.Generate(new CatalogOptions(pipelines, seed, ChangedPipelines: Math.Max(1, pipelines / 100)));
            var loaded = DefinitionLoader.Load(text, file);
            var definition = loaded.Definition
                ?? throw new InvalidOperationException("the synthetic catalog does not load: " + string.Join("\n", loaded.Errors));
            var changedDefinition = DefinitionLoader.Load(changed, file).Definition
                ?? throw new InvalidOperationException("the changed synthetic catalog does not load");
            return new Inputs(file, text, changed, definition, Planner.Build(definition), Planner.Build(changedDefinition));
        }
    }
}
