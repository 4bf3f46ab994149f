using System.CommandLine;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Cli.Commands;

/// <summary>
/// <c>access diff --base FILE|REV|REV:PATH --head FILE [--head FILE...]</c>: who gains or loses
/// which permission between two versions of the definitions.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var baseOption = new Option<string>("--base", "-b")
        {
            Description = "The base: a definition file; a git revision (each --head is read at that revision, e.g. origin/main); or REV:PATH.",
            Required = true,
        };
        var heads = new Option<string[]>("--head")
        {
            Description = "A head definition file; repeat for several environments (one report covers them all).",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var format = Arguments.Format("Output format: text (terminal), markdown (pull-request comment) or json (tools).", "text", "markdown", "json");
        var maxChars = new Option<int>("--max-chars")
        {
            Description = $"Markdown only: the comment's bound, riskiest first (default {DiffMarkdown.DefaultMaxCharacters}; GitHub refuses comments over {DiffMarkdown.CommentLimit}); 0: no bound.",
            DefaultValueFactory = _ => DiffMarkdown.DefaultMaxCharacters,
        };
        var fullReport = new Option<string?>("--full-report")
        {
            Description = "Markdown only: also write the whole diff, unbounded, to this file (the job summary or artifact a bounded comment points to).",
        };
        var fullReportUrl = new Option<string?>("--full-report-url")
        {
            Description = "Markdown only: where readers find the full report when the comment leaves some of it out (the workflow run's URL).",
        };
        var command = new Command("diff",
            "Compare the access matrices of two versions of definitions. Exit 0: no access change; 1: access changed; "
            + "3: production access grows; 2: invalid input.")
        {
            baseOption, heads, format, maxChars, fullReport, fullReportUrl,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(maxChars) is var bound && bound != 0 && bound < 4096)
            {
                context.Fail($"--max-chars {bound}: give 0 (no bound) or at least 4096");
                return ExitCodes.InvalidInput;
            }

            var diff = Build(result.GetRequiredValue(baseOption), result.GetRequiredValue(heads), context);
            if (diff is null)
            {
                return ExitCodes.InvalidInput;
            }

            if (result.GetValue(fullReport) is { } reportPath)
            {
                // The core does no I/O: the CLI writes the unbounded report the comment points to.
                try
                {
                    File.WriteAllText(reportPath, DiffMarkdown.Render(diff, DiffMarkdownOptions.Unbounded));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    context.Fail($"--full-report {reportPath}: {e.Message}");
                    return ExitCodes.InvalidInput;
                }
            }

            context.Out.Write(result.GetValue(format) switch
            {
                "markdown" => DiffMarkdown.Render(diff, new DiffMarkdownOptions(result.GetValue(maxChars), result.GetValue(fullReportUrl))),
                "json" => DiffJson.Render(diff),
                _ => DiffText.Render(diff),
            });
            return diff.ProductionAccessGrows ? ExitCodes.ProductionAccessGrows
                : diff.AccessChanged ? ExitCodes.AccessChanged
                : ExitCodes.Ok;
        });
        return command;
    }

    private static AccessDiff? Build(string baseArgument, string[] headPaths, CliContext context)
    {
        var baseIsFile = File.Exists(baseArgument);
        var baseIsSpec = !baseIsFile && baseArgument.Contains(':', StringComparison.Ordinal);
        if ((baseIsFile || baseIsSpec) && headPaths.Length != 1)
        {
            context.Fail($"--base {baseArgument} names one file; compare it with exactly one --head (or give a git revision to read every head at)");
            return null;
        }

        var environments = new List<EnvironmentDiff>();
        var failed = false;
        foreach (var headPath in headPaths)
        {
            // One side at a time: a side's definition is planned, checked and reduced to what the diff
            // needs before the other is read, so two large catalogs never hold their YAML trees, models
            // and plans in memory together. Each side is read in a method of its own, so nothing of it
            // but its DiffSide is reachable when its garbage is collected.
            var head = Head(headPath, context);
            if (head.Large)
            {
                Memory.Collect();
            }

            var basis = Base(baseArgument, baseIsFile, baseIsSpec, headPath, context);
            if (head.Failed || basis.Failed)
            {
                failed = true;
                continue;
            }

            if (!head.Side.Exists && (!basis.Side.Exists || baseIsFile || baseIsSpec))
            {
                // A head missing at both ends is a typo, not a removed environment.
                context.Fail($"{headPath}: file not found");
                failed = true;
                continue;
            }

            environments.Add(AccessDiffer.Compare(basis.Side, head.Side));
        }

        if (environments.GroupBy(e => e.Environment, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            context.Fail($"environment '{duplicate.Key}' is given by more than one --head");
            return null;
        }

        return failed ? null : AccessDiffer.Compare(environments);
    }

    /// <summary>One side of the comparison: a definition, nothing (the file does not exist there), or a failure already reported.</summary>
    private sealed record Side(EnvironmentDefinition? Definition, bool Failed)
    {
        public static Side Absent { get; } = new(null, false);
    }

    /// <summary>
    /// A side as the diff needs it: its access rows, identities and guardrail findings; the definition
    /// and plan are dropped. <see cref="Large"/>: its catalog leaves enough garbage to collect.
    /// </summary>
    private sealed record Evaluated(DiffSide Side, bool Failed, bool Large);

    private static Evaluated Head(string headPath, CliContext context) =>
        Evaluate(File.Exists(headPath) ? Loaded(DefinitionFiles.Load(headPath), context) : Side.Absent, context.Today);

    private static Evaluated Base(string baseArgument, bool baseIsFile, bool baseIsSpec, string headPath, CliContext context) =>
        Evaluate(baseIsFile ? Loaded(DefinitionFiles.Load(baseArgument), context)
            : FromGit(baseIsSpec ? GitRevision.ReadSpec(baseArgument) : GitRevision.Read(baseArgument, headPath),
                baseIsSpec ? baseArgument : $"{baseArgument}:{headPath.Replace('\\', '/')}", context), context.Today);

    private static Evaluated Evaluate(Side side, DateOnly today)
    {
        if (side.Definition is not { } definition)
        {
            return new Evaluated(DiffSide.Of(null, []), side.Failed, Large: false);
        }

        // Planned on the same date the rules judge: an overdue review shows as lost access.
        var plan = Planner.Build(definition, today);
        var findings = FindingsSource.For(definition, plan, today);
        var large = Memory.IsLarge(definition);
        if (large)
        {
            // The check's garbage goes before the side's rows are built beside the plan: that moment
            // was the peak of a diff of two large catalogs.
            Memory.Collect();
        }

        return new Evaluated(DiffSide.OfDefinition(plan, findings, definition), false, large);
    }

    private static Side Loaded(LoadResult result, CliContext context)
    {
        if (result.Definition is null)
        {
            context.ReportErrors(result.Errors, result.OmittedErrors);
            return new Side(null, true);
        }

        return new Side(result.Definition, false);
    }

    private static Side FromGit(GitBlob blob, string display, CliContext context)
    {
        if (blob.Error is not null)
        {
            context.Fail(blob.Error);
            return new Side(null, true);
        }

        if (blob.Content is { } content && content.Length > (long)LoadLimits.Default.MaxCharacters * 4)
        {
            context.Fail($"{display}: the file has {content.Length} bytes; the limit is {LoadLimits.Default.MaxCharacters} characters");
            return new Side(null, true);
        }

        // Not at the base: the environment is new in this pull request, and everything in it is gained.
        return blob.Content is null ? Side.Absent : Loaded(DefinitionFiles.FromBytes(blob.Content, display, LoadLimits.Default), context);
    }
}
