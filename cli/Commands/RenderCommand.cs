using System.CommandLine;
using Infra.Access.Planning;
using Infra.Access.Rendering;

namespace Infra.Access.Cli.Commands;

internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var definition = Arguments.Definition();
        var format = new Option<string>("--format", "-f")
        {
            Description = "What to render: kubernetes (multi-document YAML), vault (HCL policies and JSON roles), azure (JSON), github (REST request bodies and CODEOWNERS per repository) or deployer (the rights of the identities that run pulumi up: Kubernetes YAML, Vault HCL, Azure JSON).",
            Required = true,
        };
        format.AcceptOnlyFromAmong("kubernetes", "vault", "azure", "github", "deployer");
        var outputDir = new Option<string?>("--output-dir", "-o")
        {
            Description = "Write the files under this directory (all or nothing) instead of to stdout.",
        };
        var reviewerIds = new Option<string?>("--reviewer-ids")
        {
            Description = "github only: a JSON object of reviewer (login or @owner/team) to GitHub's numeric id, as `gh api users/LOGIN --jq .id` and `gh api orgs/ORG/teams/SLUG --jq .id` print them.",
        };
        var command = new Command("render", "Render the declarations of one system, deterministically.") { definition, format, outputDir, reviewerIds };
        command.SetAction(result =>
        {
            var loaded = DefinitionFiles.Load(result.GetRequiredValue(definition));
            if (loaded.Definition is null)
            {
                context.ReportErrors(loaded.Errors, loaded.OmittedErrors);
                return ExitCodes.InvalidInput;
            }

            var plan = Planner.Build(loaded.Definition, context.Today);
            var system = result.GetRequiredValue(format);
            if (system != "github" && result.GetValue(reviewerIds) is not null)
            {
                context.Fail("--reviewer-ids applies to --format github only");
                return ExitCodes.InvalidInput;
            }

            if (system == "kubernetes" && result.GetValue(outputDir) is null)
            {
                // Streamed: the same bytes as KubernetesRenderer.Render, one object at a time.
                foreach (var document in KubernetesRenderer.Documents(plan))
                {
                    context.Out.Write(document);
                }

                // The namespace label patches follow under their own header: they are server-side apply only.
                if (KubernetesRenderer.PodSecurity(plan) is { } labels)
                {
                    context.Out.Write($"# ==> {labels.Path} <==\n");
                    context.Out.Write(labels.Content);
                }

                return ExitCodes.Ok;
            }

            IReadOnlyList<RenderedFile> files;
            switch (system)
            {
                case "github":
                    if (!GitHubReviewerIds.TryRender(context, plan, result.GetValue(reviewerIds), out files))
                    {
                        return ExitCodes.InvalidInput;
                    }

                    break;
                default:
                    files = system switch
                    {
                        "kubernetes" => KubernetesRenderer.Files(plan),
                        "vault" => [.. VaultRenderer.Render(plan)],
                        "deployer" => [.. DeployerRenderer.Render(plan)],
                        _ => [AzureRenderer.Render(plan)],
                    };
                    break;
            }

            if (result.GetValue(outputDir) is { } directory)
            {
                try
                {
                    OutputDirectory.Write(directory, files);
                }
                catch (IOException e)
                {
                    context.Fail($"cannot write to {directory}: {e.Message}");
                    return ExitCodes.InvalidInput;
                }
                catch (UnauthorizedAccessException e)
                {
                    context.Fail($"cannot write to {directory}: {e.Message}");
                    return ExitCodes.InvalidInput;
                }

                return ExitCodes.Ok;
            }

            foreach (var file in files)
            {
                if (files.Count > 1)
                {
                    context.Out.Write($"# ==> {file.Path} <==\n");
                }

                context.Out.Write(file.Content);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
