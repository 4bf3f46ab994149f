using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules;

/// <summary>
/// Runs every guardrail over definitions and their plans. The CLI, the tests, the Pulumi program
/// and the diff all call this, so the same rules stop a bad grant everywhere.
/// </summary>
public static class Guardrails
{
    /// <summary>
    /// Plans each definition on <paramref name="today"/> (overdue pipelines suspended) and checks it;
    /// definitions checked together are checked for isolation.
    /// </summary>
    public static GuardrailReport Check(IReadOnlyList<EnvironmentDefinition> definitions, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        return Check(definitions, [.. definitions.Select(d => Planner.Build(d, today))], today);
    }

    /// <summary>
    /// Checks definitions against the given plans (same order). Rules judge what the plan declares,
    /// so a planner bug, or a plan built some other way, is caught too.
    /// </summary>
    public static GuardrailReport Check(IReadOnlyList<EnvironmentDefinition> definitions, IReadOnlyList<Plan> plans, DateOnly today, RuleCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(plans);
        if (definitions.Count != plans.Count)
        {
            throw new ArgumentException("one plan per definition is required", nameof(plans));
        }

        catalog ??= RuleCatalog.Default;
        var findings = new List<Finding>();
        var waived = new List<WaivedFinding>();
        var expired = new List<Waiver>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var others = plans.Where((_, j) => j != i).ToImmutableArray();
            var context = new RuleContext(definitions[i], plans[i], others, catalog, today);
            var active = definitions[i].Exceptions.Where(w => IsInForce(w, catalog, today)).ToList();
            expired.AddRange(definitions[i].Exceptions.Where(w => w.Expires < today));
            foreach (var finding in catalog.Rules.SelectMany(r => r.Check(context)).Distinct())
            {
                var waiver = active.FirstOrDefault(w => w.Rule == finding.RuleId && w.Subject == finding.Subject);
                if (waiver is null)
                {
                    findings.Add(finding);
                }
                else
                {
                    waived.Add(new WaivedFinding(finding, waiver));
                }
            }
        }

        return new GuardrailReport(
            [.. Sorted(findings)],
            [.. waived.OrderBy(w => w.Finding, FindingOrder.Instance)],
            [.. expired.OrderBy(w => w.Location)]);
    }

    /// <summary>An exception applies until the end of its expiry day, and never to a non-waivable or unknown rule.</summary>
    public static bool IsInForce(Waiver waiver, RuleCatalog catalog, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        ArgumentNullException.ThrowIfNull(catalog);
        return waiver.Expires >= today && catalog.Find(waiver.Rule) is { Waivable: true };
    }

    private static IEnumerable<Finding> Sorted(IEnumerable<Finding> findings) => findings.Order(FindingOrder.Instance);
}

/// <summary>The one order of findings in every output: location, rule, subject, message.</summary>
public sealed class FindingOrder : IComparer<Finding>
{
    public static FindingOrder Instance { get; } = new();

    public int Compare(Finding? x, Finding? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var c = x.Location.CompareTo(y.Location);
        c = c != 0 ? c : string.CompareOrdinal(x.RuleId, y.RuleId);
        c = c != 0 ? c : string.CompareOrdinal(x.Environment, y.Environment);
        c = c != 0 ? c : string.CompareOrdinal(x.Subject, y.Subject);
        return c != 0 ? c : string.CompareOrdinal(x.Message, y.Message);
    }
}
