using System.CommandLine;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Cli.Commands;

internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var definitions = Arguments.Definitions();
        var format = Arguments.Format("Output format: text, json or sarif (SARIF 2.1.0 for GitHub code scanning).", "text", "json", "sarif");
        var today = Arguments.Today("The date rules judge review-by and exception expiry against, and overdue pipelines are suspended on");
        var helpBase = new Option<string>("--help-base-uri")
        {
            Description = "Prefix that makes SARIF rule help links absolute, e.g. https://github.com/ORG/REPO/blob/main/.",
        };
        var environments = new Option<string>("--environments")
        {
            Description = "Folder of the repository's environment definitions (every *.yaml and *.yml), planned and checked against for isolation; their own findings are not reported. Default: the stacks/ folder of the Pulumi project (nearest folder with a Pulumi.yaml) holding the first definition.",
        };
        var command = new Command("check", "Validate definitions and run every guardrail on them and their plans; they are checked for isolation against each other and against every other environment definition of the repository. Exit 0 when no unwaived error, 1 when there is one, 2 on invalid input.")
        {
            definitions, format, today, helpBase, environments,
        };
        command.SetAction(result =>
        {
            if (!Arguments.TryToday(result, today, context, out var date))
            {
                return ExitCodes.InvalidInput;
            }

            var paths = result.GetRequiredValue(definitions);
            var loaded = DefinitionFiles.LoadAll(paths, context);
            if (loaded is null)
            {
                return ExitCodes.InvalidInput;
            }

            var others = LoadOthers(context, result.GetValue(environments), paths, loaded);
            if (others is null)
            {
                return ExitCodes.InvalidInput;
            }

            var report = Guardrails.Check(loaded, date, others);
            context.Out.Write(result.GetValue(format) switch
            {
                "json" => FindingsJson.Render(report),
                "sarif" => Sarif.Render(report, RuleCatalog.Default, result.GetValue(helpBase)),
                _ => FindingsText.Render(report),
            });
            return report.HasErrors ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The repository's other environments (see <see cref="OtherEnvironments"/>), or null after reporting why they cannot be read.</summary>
    private static IReadOnlyList<Definition.EnvironmentDefinition>? LoadOthers(
        CliContext context, string? option, IReadOnlyList<string> paths, IReadOnlyList<Definition.EnvironmentDefinition> loaded)
    {
        var folder = OtherEnvironments.Folder(option, paths);
        if (folder is null)
        {
            return [];
        }

        if (!Directory.Exists(folder))
        {
            context.Fail($"--environments: '{folder}' is not a folder");
            return null;
        }

        var others = DefinitionFiles.LoadAll(OtherEnvironments.Files(folder, paths), context);
        if (others is null)
        {
            context.Fail($"the environment definitions in '{folder.Replace('\\', '/')}' must load: isolation is checked against every one of them");
            return null;
        }

        return OtherEnvironments.StoodInFor(folder, paths, loaded, others);
    }
}
