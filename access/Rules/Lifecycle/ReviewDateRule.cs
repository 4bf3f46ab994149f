using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>
/// LCY002: access is re-reviewed by its date. An overdue review suspends the pipeline (the planner
/// plans it as paused) and is reported; it never blocks the environment, so revoking or changing
/// other pipelines' access is never held up by it.
/// </summary>
public sealed class ReviewDateRule : GuardrailRule
{
    public override string Id => "LCY002";
    public override string Name => "review-date-passed";
    public override Severity Severity => Severity.Warning;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override string Summary => "A pipeline past its reviewBy date is suspended: planned as paused (no access) and reported, in every tier; the warning never blocks the environment.";
    public override string Description => "Access that nobody re-reads drifts: teams change, services retire, grants stay. The review-by date forces an owner to confirm the pipeline still needs what it holds. When the date passes, the pipeline loses its access automatically, as access-review products remove access when reviewers do not answer: the planner plans it as paused (no RoleBinding, JWT role, secrets-engine role, federated credential or role assignment; the default-deny NetworkPolicies stay), the access diff shows the loss, and this warning names it. Blocking the whole environment instead would also block urgent revocations of other pipelines: a change that only removes access is never blocked by a finding it did not cause. The same holds outside production: staging holds real secrets and registry rights too, and one meaning of the date everywhere is easier to trust than two.";
    public override string Recommendation => "Review the pipeline's stages with its team and move reviewBy forward (at most 6 months ahead in production, 12 elsewhere: LCY006) to restore its access, or pause or decommission it.";
    public override string Example => "reviewBy: 2027-03-31";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Definition.Pipelines
            .Where(p => p.State != PipelineState.Decommissioned && p.ReviewBy < context.Today)
            .Select(p => Found(context, p.Name,
                p.State == PipelineState.Active ? Messages.ReviewOverdueSuspended(p.ReviewBy, context.Today) : Messages.ReviewOverdue(p.ReviewBy, context.Today),
                p.Location));
    }
}
