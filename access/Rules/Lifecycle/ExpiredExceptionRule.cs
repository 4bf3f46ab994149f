using System.Collections.Immutable;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY003: an expired exception waives nothing, and is reported so it gets removed or renewed.</summary>
public sealed class ExpiredExceptionRule : GuardrailRule
{
    public override string Id => "LCY003";
    public override string Name => "expired-exception";
    public override Severity Severity => Severity.Warning;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override bool Waivable => false;
    public override string Summary => "An exception past its expiry date stops applying and is reported.";
    public override string Description => "Exceptions are temporary by design: each has an expiry date and an approver. After the date the finding it waived counts again; this rule says why it reappeared.";
    public override string Recommendation => "Fix the finding and delete the exception, or have it re-approved with a new expiry date.";
    public override string Example => "exceptions:\n  - rule: K8S009\n    subject: payments-api/deploy\n    reason: migration to split rules in progress\n    expires: 2027-01-31\n    approvedBy: grace-security-lead";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Guardrails: severity and exceptions", "README.md#severity-exceptions")];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Definition.Exceptions.Where(w => w.Expires < context.Today)
            .Select(w => Found(context, w.Subject, Messages.ExceptionExpired(w.Rule, w.Expires, w.ApprovedBy), w.Location));
    }
}
