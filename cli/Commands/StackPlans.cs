using System.CommandLine;
using Infra.Access.Planning;

namespace Infra.Access.Cli.Commands;

/// <summary>The definitions who-can and explain answer from: the ones named, or every <c>stacks/*.yaml</c>.</summary>
internal static class StackPlans
{
    public static Option<string[]> Option() => new("--definition", "-d")
    {
        Description = "A definition to answer from; repeat for several. Default: every stacks/*.yaml under the current directory.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> Environment() => new("--env", "-e")
    {
        Description = "Answer for this environment only (its name in the definition, e.g. prod).",
    };

    /// <summary>The plans, or null after printing why they cannot be built.</summary>
    public static IReadOnlyList<Plan>? Load(string[]? paths, CliContext context)
    {
        if (paths is null || paths.Length == 0)
        {
            var stacks = Path.Combine(Directory.GetCurrentDirectory(), "stacks");
            paths = Directory.Exists(stacks) ? [.. Directory.GetFiles(stacks, "*.yaml").Order(StringComparer.Ordinal)] : [];
            if (paths.Length == 0)
            {
                context.Fail("no definitions: pass --definition FILE, or run from a directory with stacks/*.yaml");
                return null;
            }
        }

        var definitions = DefinitionFiles.LoadAll(paths, context);
        return definitions?.Select(d => Planner.Build(d, context.Today)).ToList();
    }
}
