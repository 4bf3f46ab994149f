using System.Collections.Immutable;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY004: exceptions name a known, waivable rule, and exactly the finding they waive.</summary>
public sealed class ExceptionNotAllowedRule : GuardrailRule
{
    public override string Id => "LCY004";
    public override string Name => "exception-not-allowed";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override bool Waivable => false;
    public override string Summary => "An exception must name a waivable rule of the catalog and the exact object of the finding it waives; some rules are never waivable in system namespaces.";
    public override string Description => "Some grants are never acceptable (wildcards, escalation verbs, cluster-wide roles, ungated production writes): an exception for them is refused and reported, and the finding stays. An exception naming an unknown rule is a typo that would silently waive nothing. An exception binds to one finding: where the rule's findings name an object (a namespace, a Role, a Vault path, an Azure scope), the exception must name it, or it would also waive every later finding of the same rule and subject, such as a new secret grant in another namespace. Kubernetes rules are never waived in default or kube-* namespaces: there a finding is about the cluster, not a pipeline.";
    public override string Recommendation => "Fix the finding instead; check the rule ID with `access rules` and copy the object from the finding (`access check -f json`, field object).";
    public override string Example => "exceptions:\n  - rule: K8S009          # waivable\n    subject: payments-api/deploy\n    object: payments-prod/ci-payments-api-deploy\n    reason: ...\n    expires: 2026-12-15\n    approvedBy: grace-security-lead";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Rule catalog", "README.md")];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var waiver in context.Definition.Exceptions)
        {
            if (Guardrails.Refusal(waiver, context.Catalog, context.Environment.Tier) is { } reason)
            {
                yield return Found(context, waiver.Subject, reason, waiver.Location);
            }
        }
    }
}
