using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB002: no required reviewer of a repository's environments maintains one of its pipelines.</summary>
public sealed class ReviewersNotMaintainersRule : GuardrailRule
{
    public override string Id => "GHB002";
    public override string Name => "reviewers-not-maintainers";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override string? WaiverObject => "environment and the reviewers who maintain, as 'environment: a, b'";
    public override string Summary => "No required reviewer of a repository's environment maintains a pipeline of that repository (logins and @owner/team compared ignoring case); an error in production, a warning elsewhere.";
    public override string Description => "A repository's environments are shared by every pipeline that runs from it, so their reviewers are the union of those pipelines' approvers: an approver of one pipeline who maintains another of the same repository can approve a release of code they changed, which SOD001 (one pipeline at a time) cannot see. In production a person who approves and maintains the same pipeline is reported once, by SOD001; elsewhere (SOD001 judges production only) this rule reports it too. Logins and teams are compared as GitHub compares them, ignoring case. Membership of a team cannot be known offline: a maintainer who belongs to an approver team passes this rule; prevent_self_review (GHB003) still keeps them from approving a run they triggered, and the team's membership is reviewed on GitHub.";
    public override string Recommendation => "Give the repository's pipelines approvers who maintain none of them, or move the pipelines to repositories of their own.";
    public override string Example => "maintainers: [alice-payments, '@example-org/payments']\napprovers: [carol-release, '@example-org/release-leads']";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubEnvironments];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var severity = context.IsProduction ? Severity.Error : Severity.Warning;
        foreach (var repository in context.Plan.Governance.Repositories)
        {
            // One cause, one finding: in production a person who approves and maintains the same pipeline is
            // SOD001's; this rule reports the overlaps across the repository's pipelines SOD001 cannot see.
            var maintainers = GovernanceFacts.PipelinesOf(context, repository)
                .SelectMany(p => p.Maintainers.Where(m => !context.IsProduction || !p.Approvers.Contains(m, UpstreamNames.GitHub)))
                .ToHashSet(UpstreamNames.GitHub);
            foreach (var environment in repository.Environments)
            {
                var both = environment.Reviewers.Select(r => r.Text).Where(maintainers.Contains).Order(StringComparer.Ordinal).ToList();
                if (both.Count > 0)
                {
                    yield return Found(context, repository.Owner.Subject, Messages.ReviewerMaintains(environment.Name, repository.Repository, both),
                        repository.Owner.Location, severity, about: $"{environment.Name}: {string.Join(", ", both)}");
                }
            }
        }
    }
}
