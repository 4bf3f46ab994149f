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
            Description = "What to render: kubernetes (multi-document YAML), vault (HCL policies and JSON roles) or azure (JSON).",
            Required = true,
        };
        format.AcceptOnlyFromAmong("kubernetes", "vault", "azure");
        var outputDir = new Option<string?>("--output-dir", "-o")
        {
            Description = "Write the files under this directory (all or nothing) instead of to stdout.",
        };
        var command = new Command("render", "Render the declarations of one system, deterministically.") { definition, format, outputDir };
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

            IReadOnlyList<RenderedFile> files = system switch
            {
                "kubernetes" => KubernetesRenderer.Files(plan),
                "vault" => [.. VaultRenderer.Render(plan)],
                _ => [AzureRenderer.Render(plan)],
            };
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
