using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;
using Infra.Access.Rules.Kubernetes;

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
    public static GuardrailReport Check(IReadOnlyList<EnvironmentDefinition> definitions, IReadOnlyList<Plan> plans, DateOnly today, RuleCatalog? catalog = null) =>
        Check(definitions, plans, today, [], [], catalog);

    /// <summary>
    /// Checks <paramref name="definitions"/> as one environment among the repository's others: the
    /// other environments are planned and shown to the isolation rules, so checking one file (or
    /// deploying one stack) still catches what it shares with the rest. Only the checked
    /// definitions' findings are reported; the others are checked when they are checked themselves.
    /// </summary>
    public static GuardrailReport Check(IReadOnlyList<EnvironmentDefinition> definitions, DateOnly today, IReadOnlyList<EnvironmentDefinition> otherEnvironments)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(otherEnvironments);
        return Check(definitions, [.. definitions.Select(d => Planner.Build(d, today))], today, otherEnvironments, [.. otherEnvironments.Select(d => Planner.Build(d, today))]);
    }

    /// <summary>
    /// Checks definitions against the given plans (same order), with the other environments'
    /// definitions and plans (same order) as the far side of the isolation rules only.
    /// </summary>
    public static GuardrailReport Check(
        IReadOnlyList<EnvironmentDefinition> definitions,
        IReadOnlyList<Plan> plans,
        DateOnly today,
        IReadOnlyList<EnvironmentDefinition> otherDefinitions,
        IReadOnlyList<Plan> otherPlans,
        RuleCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(otherDefinitions);
        ArgumentNullException.ThrowIfNull(otherPlans);
        if (definitions.Count != plans.Count)
        {
            throw new ArgumentException("one plan per definition is required", nameof(plans));
        }

        if (otherDefinitions.Count != otherPlans.Count)
        {
            throw new ArgumentException("one plan per other environment is required", nameof(otherPlans));
        }

        catalog ??= RuleCatalog.Default;
        var findings = new List<Finding>();
        var waived = new List<WaivedFinding>();
        var expired = new List<Waiver>();
        for (var i = 0; i < definitions.Count; i++)
        {
            var others = plans.Where((_, j) => j != i).Concat(otherPlans).ToImmutableArray();
            var context = new RuleContext(definitions[i], plans[i], others, catalog, today)
            {
                OtherDefinitions = [.. definitions.Where((_, j) => j != i).Concat(otherDefinitions)],
            };
            var tier = definitions[i].Environment.Tier;
            var active = definitions[i].Exceptions.Where(w => IsInForce(w, catalog, today, tier)).ToList();
            expired.AddRange(definitions[i].Exceptions.Where(w => w.Expires < today));
            foreach (var finding in catalog.Rules.SelectMany(r => r.Check(context)).Distinct())
            {
                var waiver = active.FirstOrDefault(w => Waives(w, finding));
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

    /// <summary>
    /// An exception applies until the end of its expiry day, and never when it is refused
    /// (<see cref="Refusal"/>) or reaches further ahead than its tier allows (LCY005): an exception
    /// written for five years waives nothing, it does not waive for the first thirty days.
    /// </summary>
    public static bool IsInForce(Waiver waiver, RuleCatalog catalog, DateOnly today, Tier tier)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        ArgumentNullException.ThrowIfNull(catalog);
        return waiver.Expires >= today
            && waiver.Expires <= GovernanceLimits.LatestExceptionExpiry(tier, today)
            && Refusal(waiver, catalog, tier) is null;
    }

    /// <summary>
    /// An exception waives exactly one finding: the same rule, the same subject and the same object
    /// (both null for rules whose findings carry none), compared as exact strings.
    /// </summary>
    public static bool Waives(Waiver waiver, Finding finding)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        ArgumentNullException.ThrowIfNull(finding);
        return string.Equals(waiver.Rule, finding.RuleId, StringComparison.Ordinal)
            && string.Equals(waiver.Subject, finding.Subject, StringComparison.Ordinal)
            && string.Equals(waiver.Object, finding.Object, StringComparison.Ordinal);
    }

    /// <summary>
    /// Why an exception can never apply, or null: its rule is unknown or not waivable; it names no
    /// object where the rule's findings carry one (it would waive every later finding of the rule
    /// and subject), or one where they carry none; or it names a system namespace for a rule that
    /// is not waivable there. LCY004 reports the reason.
    /// </summary>
    public static string? Refusal(Waiver waiver, RuleCatalog catalog, Tier tier = Tier.NonProduction)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        ArgumentNullException.ThrowIfNull(catalog);
        var rule = catalog.Find(waiver.Rule);
        return rule switch
        {
            null => Messages.ExceptionRefused(waiver.Rule, unknown: true),
            { Waivable: false } => Messages.ExceptionRefused(waiver.Rule, unknown: false),
            { WaivableInProduction: false } when tier == Tier.Production => Messages.ExceptionRefusedInProduction(waiver.Rule),
            { WaiverObject: { } kind } when waiver.Object is null => Messages.ExceptionWithoutObject(waiver.Rule, kind),
            { WaiverObject: null } when waiver.Object is not null => Messages.ExceptionWithObject(waiver.Rule, waiver.Object),
            { WaivableInSystemNamespaces: false } when waiver.Object is { } o && NamespaceOf(o) is var ns && NoSystemNamespaceRule.IsReserved(ns) =>
                Messages.ExceptionInSystemNamespace(waiver.Rule, ns),
            _ => null,
        };
    }

    /// <summary>The namespace an object of a Kubernetes rule starts with: <c>namespace</c> or <c>namespace/name</c>.</summary>
    public static string NamespaceOf(string @object)
    {
        ArgumentNullException.ThrowIfNull(@object);
        var slash = @object.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? @object : @object[..slash];
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
