using System.Collections.Immutable;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB005: at most six required reviewers per environment (GitHub's limit).</summary>
public sealed class ReviewerLimitRule : GuardrailRule
{
    public override string Id => "GHB005";
    public override string Name => "environment-reviewer-limit";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override bool Waivable => false;
    public override string Summary => "An environment has at most 6 required reviewers (users and teams together), GitHub's limit.";
    public override string Description => "GitHub refuses an environment with more than six required reviewers, so a plan with more cannot be applied as reviewed: the apply fails, or whoever fixes it by hand picks which approvers remain. A repository's approval environment holds the approvers of all its pipelines. A team counts as one reviewer whatever its size: name a team when more people approve.";
    public override string Recommendation => "Name at most six approvers per repository; use a team (@owner/team) for a larger group.";
    public override string Example => "approvers: ['@example-org/release-leads']";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubEnvironments];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var repository in context.Plan.Governance.Repositories)
        {
            foreach (var environment in repository.Environments.Where(e => e.Reviewers.Length > GovernanceFacts.MaxReviewers))
            {
                yield return Found(context, repository.Owner.Subject,
                    Messages.TooManyReviewers(environment.Name, repository.Repository, environment.Reviewers.Length, GovernanceFacts.MaxReviewers), repository.Owner.Location);
            }
        }
    }
}
