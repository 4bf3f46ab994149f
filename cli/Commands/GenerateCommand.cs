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
        var command = new Command("generate", "Write a synthetic, valid definition with N realistic pipelines (for benchmarks and tests at scale).")
        {
            pipelines, seed, environment, changed,
        };
        command.SetAction(result =>
        {
            var options = new CatalogOptions(result.GetValue(pipelines), result.GetValue(seed), result.GetValue(environment) == "prod", result.GetValue(changed));
            context.Out.Write(CatalogGenerator.Generate(options));
            return ExitCodes.Ok;
        });
        return command;
    }
}
