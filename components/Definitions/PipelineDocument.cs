using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Access.Catalog;
using Infra.Access.Format;
using Infra.Access.Loading;
using Infra.Access.Yaml;
using Infra.Components.Validation;
using Pulumi;

namespace Infra.Components.Definitions;

/// <summary>
/// Turns <see cref="PipelineAccessArgs"/> into definition text (the environment section of the
/// platform's file plus one <c>pipelines:</c> entry) and loads it with the core's loader, so a
/// pipeline declared in C# meets every check a pipeline declared in YAML meets.
/// </summary>
internal static class PipelineDocument
{
    public static CheckedEnvironment Check(string pipeline, PipelineAccessArgs args)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(args);
        var environment = EnvironmentSection(args.EnvironmentDefinition, args.EnvironmentFile);
        var file = $"PipelineAccess({pipeline})";
        var text = environment + Render(pipeline, args);
        var result = DefinitionLoader.Load(text, file);
        if (result.Definition is null)
        {
            throw new RunException(EnvironmentGate.InvalidDefinitionMessage(file, result.Errors)
                + "\n(fields read pipelines[0].<field>: the PipelineAccessArgs property of that name)");
        }

        return EnvironmentGate.Check(result.Definition, args.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow));
    }

    /// <summary>
    /// The lines of the <c>environment:</c> section, after the whole file loaded cleanly. Sliced from
    /// the text (not re-serialized) so every value reaches the loader exactly as the platform wrote it.
    /// </summary>
    internal static string EnvironmentSection(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        var loaded = DefinitionLoader.Load(text, file);
        if (!loaded.Succeeded)
        {
            throw new RunException(EnvironmentGate.InvalidDefinitionMessage(file, loaded.Errors));
        }

        var (root, _) = YamlTreeReader.Read(text, file, LoadLimits.Default);
        var keys = ((YamlMapping)root!).Entries.Select(e => e.Key).ToList();
        var start = keys.Single(k => k.Value == "environment").Location;
        if (start.Column != 1 || keys.Any(k => k.Location.Line == start.Line && k.Value != "environment"))
        {
            throw new RunException($"{start}: error: environment: write the definition as a block mapping (one top-level key per line) to use it with PipelineAccess");
        }

        var next = keys.Select(k => k.Location.Line).Where(line => line > start.Line).DefaultIfEmpty(int.MaxValue).Min();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        return string.Join("\n", lines.Skip(start.Line - 1).Take(Math.Min(next, lines.Length + 1) - start.Line)).TrimEnd('\n') + "\n";
    }

    /// <summary>One <c>pipelines:</c> entry. Every text value is a JSON string, which is a valid YAML double-quoted scalar.</summary>
    internal static string Render(string pipeline, PipelineAccessArgs args)
    {
        var yaml = new StringBuilder();
        yaml.Append("pipelines:\n");
        yaml.Append("  - name: ").Append(Quote(pipeline)).Append('\n');
        yaml.Append("    team: ").Append(Quote(args.Team)).Append('\n');
        yaml.Append("    repository: ").Append(Quote(args.Repository)).Append('\n');
        if (args.Ref is not null)
        {
            yaml.Append("    ref: ").Append(Quote(args.Ref)).Append('\n');
        }

        yaml.Append("    namespaces: ").Append(QuoteList(args.Namespaces)).Append('\n');
        yaml.Append("    state: ").Append(Quote(args.State)).Append('\n');
        yaml.Append("    reviewBy: ").Append(Quote(args.ReviewBy.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).Append('\n');
        yaml.Append("    maintainers: ").Append(QuoteList(args.Maintainers)).Append('\n');
        yaml.Append("    approvers: ").Append(QuoteList(args.Approvers)).Append('\n');
        if (args.Ingress.Count > 0 || args.Egress.Count > 0)
        {
            yaml.Append("    network:\n");
            Flows(yaml, "ingress", args.Ingress);
            Flows(yaml, "egress", args.Egress);
        }

        if (args.PodSecurityLevel is not null || args.PodSecurityReason is not null)
        {
            // Either half alone is written too: the loader then names the missing key where it belongs.
            yaml.Append("    podSecurity:\n");
            if (args.PodSecurityLevel is { } level)
            {
                yaml.Append("      level: ").Append(Quote(level)).Append('\n');
            }

            if (args.PodSecurityReason is { } reason)
            {
                yaml.Append("      reason: ").Append(Quote(reason)).Append('\n');
            }
        }

        yaml.Append("    stages:\n");
        foreach (var stage in args.Stages)
        {
            yaml.Append("      - name: ").Append(Quote(stage.Name)).Append('\n');
            if (stage.TokenTtl is { } ttl)
            {
                yaml.Append("        tokenTtl: ").Append(Quote(Patterns.FormatDuration(ttl))).Append('\n');
            }

            if (stage.ApprovalGated)
            {
                yaml.Append("        approvalGated: true\n");
            }

            if (stage.Workflow is { } workflow)
            {
                yaml.Append("        workflow: ").Append(Quote(workflow)).Append('\n');
            }

            yaml.Append("        capabilities:\n");
            foreach (var capability in stage.Capabilities)
            {
                yaml.Append("          - ").Append(Quote(capability.Name)).Append(":\n");
                if (capability.Namespace is not null)
                {
                    yaml.Append("              namespace: ").Append(Quote(capability.Namespace)).Append('\n');
                }

                if (capability.Objects.Count > 0)
                {
                    // The catalog names the parameter (deployments, paths, ...); an unknown capability or
                    // one that names no objects gets a key the loader rejects with its own message.
                    var key = CapabilityCatalog.Find(capability.Name)?.Objects?.Key ?? "objects";
                    yaml.Append("              ").Append(key).Append(": ").Append(QuoteList(capability.Objects)).Append('\n');
                }
            }
        }

        return yaml.ToString();
    }

    private static void Flows(StringBuilder yaml, string key, IList<NetworkFlowArgs> flows)
    {
        if (flows.Count == 0)
        {
            return;
        }

        yaml.Append("      ").Append(key).Append(":\n");
        foreach (var flow in flows)
        {
            yaml.Append("        - ports: [").Append(string.Join(", ", flow.Ports.Select(p => p.ToString(CultureInfo.InvariantCulture)))).Append("]\n");
            if (flow.Namespace is not null)
            {
                yaml.Append("          namespace: ").Append(Quote(flow.Namespace)).Append('\n');
            }

            if (flow.Cidr is not null)
            {
                yaml.Append("          cidr: ").Append(Quote(flow.Cidr)).Append('\n');
            }
        }
    }

    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private static string QuoteList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";
}
