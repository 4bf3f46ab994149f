using System.Collections.Immutable;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB003: an environment with required reviewers prevents self-review.</summary>
public sealed class PreventSelfReviewRule : GuardrailRule
{
    public override string Id => "GHB003";
    public override string Name => "prevent-self-review";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override bool Waivable => false;
    public override string Summary => "Every environment that requires a reviewer sets prevent_self_review: the person who triggered a run cannot approve it.";
    public override string Description => "GitHub lets a required reviewer approve a job they triggered themselves unless the environment sets prevent_self_review. Without it, a reviewer who pushes to the pipeline's ref (or re-runs a job) approves their own deployment: four eyes become two. It also covers what the definition cannot see: a maintainer who belongs to an approver team still cannot approve the run they started.";
    public override string Recommendation => "Let the plan set prevent_self_review: true on the approval environment (it does unless the plan was changed by hand).";
    public override string Example => "# planned for every approval environment:\n# prevent_self_review: true";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubEnvironments];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var repository in context.Plan.Governance.Repositories)
        {
            foreach (var environment in repository.Environments.Where(e => (e.ApprovalRequired || !e.Reviewers.IsEmpty) && !e.PreventSelfReview))
            {
                yield return Found(context, repository.Owner.Subject, Messages.SelfReviewAllowed(environment.Name, repository.Repository), repository.Owner.Location);
            }
        }
    }
}
