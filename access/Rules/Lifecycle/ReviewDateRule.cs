using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY002: access is re-reviewed by its date; overdue production access stops the change.</summary>
public sealed class ReviewDateRule : GuardrailRule
{
    public override string Id => "LCY002";
    public override string Name => "review-date-passed";
    public override Severity Severity => Severity.Warning;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override string Summary => "A pipeline's reviewBy date in the past warns; in production it is an error.";
    public override string Description => "Access that nobody re-reads drifts: teams change, services retire, grants stay. The review-by date forces an owner to confirm the pipeline still needs what it holds; production will not deploy past it.";
    public override string Recommendation => "Review the pipeline's stages with its team and move reviewBy forward (at most 6 months ahead in production, 12 elsewhere: LCY006), or pause or decommission it.";
    public override string Example => "reviewBy: 2027-03-31";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Definition.Pipelines
            .Where(p => p.State != PipelineState.Decommissioned && p.ReviewBy < context.Today)
            .Select(p => Found(context, p.Name, Messages.ReviewOverdue(p.ReviewBy, context.Today), p.Location, context.IsProduction ? Severity.Error : Severity.Warning));
    }
}
