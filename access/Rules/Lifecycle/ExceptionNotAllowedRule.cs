using System.Collections.Immutable;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY004: exceptions name a known, waivable rule.</summary>
public sealed class ExceptionNotAllowedRule : GuardrailRule
{
    public override string Id => "LCY004";
    public override string Name => "exception-not-allowed";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override bool Waivable => false;
    public override string Summary => "An exception must name a rule of the catalog that is waivable; wildcard and escalation rules never are.";
    public override string Description => "Some grants are never acceptable (wildcards, escalation verbs, cluster-wide roles, ungated production writes): an exception for them is refused and reported, and the finding stays. An exception naming an unknown rule is a typo that would silently waive nothing.";
    public override string Recommendation => "Fix the finding instead; check the rule ID with `access rules`.";
    public override string Example => "exceptions:\n  - rule: K8S009          # waivable\n    subject: payments-api/deploy\n    reason: ...\n    expires: 2027-01-31\n    approvedBy: grace-security-lead";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Rule catalog", "README.md")];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var waiver in context.Definition.Exceptions)
        {
            var rule = context.Catalog.Find(waiver.Rule);
            if (rule is null || !rule.Waivable)
            {
                yield return Found(context, waiver.Subject, Messages.ExceptionRefused(waiver.Rule, rule is null), waiver.Location);
            }
        }
    }
}
