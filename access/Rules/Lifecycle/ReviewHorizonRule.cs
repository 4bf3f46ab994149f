using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY006: a pipeline's next review is at most 6 months ahead in production, 12 elsewhere.</summary>
public sealed class ReviewHorizonRule : GuardrailRule
{
    public override string Id => "LCY006";
    public override string Name => "review-date-too-far";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override bool Waivable => false;
    public override string Summary => "A pipeline's reviewBy lies at most 6 months ahead in production and 12 months elsewhere.";
    public override string Description => "The review-by date is what makes an owner re-read a pipeline's access (LCY002). A date years ahead, such as 2099-01-01, switches the review off while looking like one. Production access is re-reviewed at least twice a year, other environments at least yearly, as access-review practice and most audit cycles expect.";
    public override string Recommendation => "Set reviewBy within the limit; after each review move it forward again.";
    public override string Example => "reviewBy: 2027-03-31   # within 6 months in production";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tier = context.Environment.Tier;
        var latest = GovernanceLimits.LatestReview(tier, context.Today);
        return context.Definition.Pipelines
            .Where(p => p.ReviewBy > latest)
            .Select(p => Found(context, p.Name, Messages.ReviewTooFar(p.ReviewBy, GovernanceLimits.ReviewMonths(tier), latest, context.IsProduction), p.Location));
    }
}
