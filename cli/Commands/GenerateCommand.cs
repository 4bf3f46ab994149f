using System.CommandLine;
using Infra.Access.Synthetic;

namespace Infra.Access.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var pipelines = new Option<int>("--pipelines", "-n")
        {
            Description = "Number of pipelines in the catalog.",
            DefaultValueFactory = _ => 1000,
        };
        pipelines.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 100_000)
            {
                r.AddError("--pipelines must be between 0 and 100000");
            }
        });
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed writes the same file.", DefaultValueFactory = _ => 7 };
        var environment = new Option<string>("--env")
        {
            Description = "Environment to write: staging (non-production) or prod (production).",
            DefaultValueFactory = _ => "staging",
        };
        environment.AcceptOnlyFromAmong("staging", "prod");
        var changed = new Option<int>("--changed")
        {
            Description = "Alter this many pipelines (spread over the catalog), to get a second catalog to diff against the first.",
            DefaultValueFactory = _ => 0,
        };
        changed.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--changed must not be negative");
            }
        });
        var auditLog = new Option<string>("--audit-log")
        {
            Description = "Instead of a catalog, write a synthetic audit log (Kubernetes audit Events and Vault entries, JSON lines) for this definition, with unused grants and injected anomalies.",
        };
        var events = new Option<int>("--events")
        {
            Description = "With --audit-log: the number of ordinary events.",
            DefaultValueFactory = _ => 1000,
        };
        events.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 10_000_000)
            {
                r.AddError("--events must be between 0 and 10000000");
            }
        });
        var aks = new Option<bool>("--aks") { Description = "With --audit-log: wrap Kubernetes events as AKS kube-audit diagnostic records (properties.log)." };
        var clean = new Option<bool>("--no-anomalies") { Description = "With --audit-log: inject no anomaly." };
        var command = new Command("generate", "Write a synthetic, valid definition with N realistic pipelines (for benchmarks and tests at scale), or with --audit-log a synthetic audit log for a definition.")
        {
            pipelines, seed, environment, changed, auditLog, events, aks, clean,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(auditLog) is { } path)
            {
                var loaded = DefinitionFiles.Load(path);
                if (loaded.Definition is not { } definition)
                {
                    context.ReportErrors(loaded.Errors, loaded.OmittedErrors);
                    return ExitCodes.InvalidInput;
                }

                var index = Usage.UsageIndex.Build(definition, Planning.Planner.Build(definition, context.Today));
                var log = AuditLogGenerator.Generate(index, new AuditLogOptions(result.GetValue(events), result.GetValue(seed), result.GetValue(aks), !result.GetValue(clean)));
                foreach (var line in log.Lines())
                {
                    context.Out.Write(line);
                    context.Out.Write('\n');
                }

                return ExitCodes.Ok;
            }

            var options = new CatalogOptions(result.GetValue(pipelines), result.GetValue(seed), result.GetValue(environment) == "prod", result.GetValue(changed));
            context.Out.Write(CatalogGenerator.Generate(options));
            return ExitCodes.Ok;
        });
        return command;
    }
}
