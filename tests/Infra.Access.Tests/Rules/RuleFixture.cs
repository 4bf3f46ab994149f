using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Testing;
using YamlDotNet.Serialization;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// One fixture file (see docs/rules/README.md): base definitions, text edits on the first one,
/// plan edits on its plan, the date, and what the rule must find.
/// </summary>
internal sealed record RuleFixture(
    string Rule,
    string Kind,
    string Path,
    ImmutableArray<string> Definitions,
    ImmutableArray<(string Find, string With)> Replace,
    ImmutableArray<IReadOnlyDictionary<string, string>> PlanOps,
    DateOnly Today,
    int Findings,
    string? Message,
    int? Waived,
    Severity? Severity = null,
    ImmutableArray<int>? Lines = null,
    ImmutableArray<string>? Subjects = null)
{
    public static readonly DateOnly DefaultToday = new(2026, 11, 24);

    public static string Root => RepositoryRoot.File("tests", "Infra.Access.Tests", "Fixtures", "Rules");

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*.yaml", SearchOption.AllDirectories)
            .Where(f => !f.Contains("_base", StringComparison.Ordinal))
            .Select(f => System.IO.Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    /// <summary>A base definition of Fixtures/Rules/_base, loaded (and known to load).</summary>
    public static EnvironmentDefinition Base(string name) =>
        DefinitionLoader.Load(File.ReadAllText(System.IO.Path.Combine(Root, "_base", name + ".yaml")), name + ".yaml").Definition!;

    public static RuleFixture Read(string relative)
    {
        var parts = relative.Split('/');
        var yaml = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(File.ReadAllText(System.IO.Path.Combine(Root, relative)));
        var expect = (Dictionary<object, object>)yaml["expect"];
        return new RuleFixture(
            parts[0],
            parts[1],
            relative,
            [.. ((List<object>)yaml["definitions"]).Select(o => (string)o)],
            yaml.TryGetValue("replace", out var r) ? [.. ((List<object>)r).Cast<Dictionary<object, object>>().Select(e => ((string)e["find"], (string)e["with"]))] : [],
            yaml.TryGetValue("plan", out var p) ? [.. ((List<object>)p).Cast<Dictionary<object, object>>().Select(e => (IReadOnlyDictionary<string, string>)e.ToDictionary(x => (string)x.Key, x => (string)x.Value, StringComparer.Ordinal))] : [],
            yaml.TryGetValue("today", out var t) ? DateOnly.ParseExact((string)t, "yyyy-MM-dd", CultureInfo.InvariantCulture) : DefaultToday,
            int.Parse((string)expect["findings"], CultureInfo.InvariantCulture),
            expect.TryGetValue("message", out var m) ? (string)m : null,
            expect.TryGetValue("waived", out var w) ? int.Parse((string)w, CultureInfo.InvariantCulture) : null,
            expect.TryGetValue("severity", out var s) ? ((string)s == "error" ? Access.Rules.Severity.Error : Access.Rules.Severity.Warning) : null,
            expect.TryGetValue("lines", out var l) ? [.. ((string)l).Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] : null,
            expect.TryGetValue("subjects", out var j) ? [.. ((string)j).Split(',', StringSplitOptions.TrimEntries)] : null);
    }

    public GuardrailReport Run()
    {
        var definitions = new List<EnvironmentDefinition>();
        for (var i = 0; i < Definitions.Length; i++)
        {
            var text = File.ReadAllText(System.IO.Path.Combine(Root, "_base", Definitions[i] + ".yaml"));
            if (i == 0)
            {
                foreach (var (find, with) in Replace)
                {
                    Assert.True(text.Contains(find, StringComparison.Ordinal), $"{Path}: replace text not found: {find}");
                    text = text.Replace(find, with, StringComparison.Ordinal);
                }
            }

            var loaded = DefinitionLoader.Load(text, $"{Definitions[i]}.yaml");
            Assert.True(loaded.Definition is not null, $"{Path}: {string.Join("; ", loaded.Errors)}");
            definitions.Add(loaded.Definition!);
        }

        var plans = definitions.Select(d => Planner.Build(d, Today)).ToList();
        // The deployers' rights follow the plan as a buggy planner would have built it: recomputed after
        // the plan ops, before the deployer-* ops (which edit the rights themselves).
        var first = PlanOps.Where(o => !IsDeployerOp(o)).Aggregate(plans[0], PlanMutations.Apply);
        first = first with { Deployers = Access.Deployer.DeployerPlanner.Build(first, definitions[0].Environment, definitions[0].Pipelines) };
        plans[0] = PlanOps.Where(IsDeployerOp).Aggregate(first, PlanMutations.Apply);
        return Guardrails.Check(definitions, plans, Today);
    }

    private static bool IsDeployerOp(IReadOnlyDictionary<string, string> op) =>
        op.TryGetValue("op", out var name) && name.StartsWith("deployer-", StringComparison.Ordinal);
}
