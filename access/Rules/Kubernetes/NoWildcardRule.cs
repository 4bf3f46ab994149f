using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S001: no '*' anywhere in any rule of any Role.</summary>
public sealed class NoWildcardRule : GuardrailRule
{
    public override string Id => "K8S001";
    public override string Name => "no-rbac-wildcard";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No '*' in the verbs, resources, apiGroups, resourceNames or nonResourceURLs of any rule of any Role.";
    public override string Description => "A wildcard grants everything that exists, and everything the cluster gains later (new resources, new subresources, CRDs). Every field counts: '*' in apiGroups opens every CRD group, '*' in resources includes secrets and pods/exec, 'pods/*' includes pods/exec. Every rule of every Role is checked, on the plan, so a planner bug cannot slip one through.";
    public override string Recommendation => "Grant through a catalog capability that names exact verbs, resources and objects; never write '*'.";
    public override string Example => "stages:\n  - name: deploy\n    capabilities:\n      - deploy:\n          deployments: [payments-api]   # -> verbs get, patch, update on deployments named payments-api";
    public override ImmutableArray<RuleLink> Links => [Anchors.KyvernoWildcardVerbs, Anchors.Ckv49, Anchors.Ksv044, Anchors.Ksv045, Anchors.Ksv046, Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (role, number, rule) in Rbac.AllRules(context.Plan))
        {
            foreach (var (field, value) in Wildcards(rule))
            {
                yield return Found(context, role.Owner.Subject, Messages.RbacWildcard(Rbac.Describe(role, number), field, value), role.Owner.Location);
            }
        }
    }

    /// <summary>Each field value of the rule that holds a '*', field by field.</summary>
    private static IEnumerable<(string Field, string Value)> Wildcards(PolicyRule rule)
    {
        // Scanned before anything is allocated: nearly every rule of a catalog has none.
        if (!HasWildcard(rule.Verbs) && !HasWildcard(rule.Resources) && !HasWildcard(rule.ApiGroups)
            && !HasWildcard(rule.ResourceNames) && !HasWildcard(rule.NonResourceUrls))
        {
            return [];
        }

        var fields = new (string Field, ImmutableArray<string> Values)[]
        {
            ("verbs", rule.Verbs), ("resources", rule.Resources), ("apiGroups", rule.ApiGroups),
            ("resourceNames", rule.ResourceNames), ("nonResourceURLs", rule.NonResourceUrls),
        };
        return fields.SelectMany(f => f.Values.Where(v => v.Contains('*', StringComparison.Ordinal)).Select(v => (f.Field, v)));
    }

    private static bool HasWildcard(ImmutableArray<string> values)
    {
        foreach (var value in values)
        {
            if (value.Contains('*', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
