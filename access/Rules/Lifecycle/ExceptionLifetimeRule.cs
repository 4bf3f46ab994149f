using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY005: an exception expires within 30 days in production and 90 days elsewhere.</summary>
public sealed class ExceptionLifetimeRule : GuardrailRule
{
    public override string Id => "LCY005";
    public override string Name => "exception-too-long";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override bool Waivable => false;
    public override string Summary => "An exception expires at most 30 days ahead in production and 90 days elsewhere; a longer one waives nothing.";
    public override string Description => "An exception is a debt with a due date. One written for years is a permanent hole that nobody re-reads. The definition holds no trustworthy creation date (an approval date would be typed by the same author), so the limit counts from the day of the check: at no moment does an exception reach further ahead than 30 days in production (one sprint and its release) or 90 days elsewhere (a quarter), and extending it is a new reviewed change. An exception beyond the limit waives nothing and is reported.";
    public override string Recommendation => "Set expires within the limit and have the exception re-approved when it runs out, or fix the finding.";
    public override string Example => "exceptions:\n  - rule: K8S009\n    subject: payments-api/deploy\n    object: payments-prod/ci-payments-api-deploy\n    reason: migration to split rules in progress\n    expires: 2026-12-15     # at most 30 days ahead in production\n    approvedBy: grace-security-lead";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Guardrails: severity and exceptions", "README.md#severity-exceptions")];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tier = context.Environment.Tier;
        var latest = GovernanceLimits.LatestExceptionExpiry(tier, context.Today);
        return context.Definition.Exceptions.Where(w => w.Expires > latest)
            .Select(w => Found(context, w.Subject, Messages.ExceptionTooLong(w.Rule, w.Expires, GovernanceLimits.ExceptionDays(tier), latest, context.IsProduction), w.Location));
    }
}
