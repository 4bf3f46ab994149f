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
            Description = "SARIF: absolute URI under which the repository's files are browsable, e.g. https://github.com/ORG/REPO/blob/main/; rule help links are it + docs/rules/ID.md. Default: in GitHub Actions GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA/, elsewhere none (no helpUri).",
        };
        var repositoryRoot = new Option<string>("--repository-root")
        {
            Description = "SARIF: the folder file locations are relative to. Default: the nearest folder holding .git above the first definition, else the current folder.",
        };
        var category = new Option<string>("--category")
        {
            Description = "SARIF: the run's category (runAutomationDetails.id without its trailing '/'). Default: access/check.",
        };
        var environments = new Option<string>("--environments")
        {
            Description = "Folder of the repository's environment definitions (every *.yaml and *.yml), planned and checked against for isolation; their own findings are not reported. Default: the stacks/ folder of the Pulumi project (nearest folder with a Pulumi.yaml) holding the first definition.",
        };
        var command = new Command("check", "Validate definitions and run every guardrail on them and their plans; they are checked for isolation against each other and against every other environment definition of the repository. Exit 0 when no unwaived error, 1 when there is one, 2 on invalid input.")
        {
            definitions, format, today, helpBase, environments, repositoryRoot, category,
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

            SarifOptions? sarif = null;
            if (result.GetValue(format) == "sarif")
            {
                sarif = SarifSettings.From(context, result.GetValue(helpBase), result.GetValue(repositoryRoot), result.GetValue(category), paths);
                if (sarif is null)
                {
                    return ExitCodes.InvalidInput;
                }
            }

            var report = Guardrails.Check(loaded, date, others);
            context.Out.Write(result.GetValue(format) switch
            {
                "json" => FindingsJson.Render(report),
                "sarif" => Sarif.Render(report, RuleCatalog.Default, sarif),
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
