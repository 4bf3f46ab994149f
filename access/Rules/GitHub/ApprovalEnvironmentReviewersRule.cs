using System.Collections.Immutable;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB001: an approval-gated stage runs in a GitHub environment that has required reviewers.</summary>
public sealed class ApprovalEnvironmentReviewersRule : GuardrailRule
{
    public override string Id => "GHB001";
    public override string Name => "approval-environment-reviewers";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override bool Waivable => false;
    public override string Summary => "Every live approval-gated stage (every production write stage) runs in an approval environment its repository declares with at least one required reviewer.";
    public override string Description => "The approval gate is a GitHub environment protection rule: GitHub holds a job that names the environment until a required reviewer approves, and only then issues the OIDC token the stage's identity trusts. An environment without reviewers (or one the plan does not declare, which GitHub creates unprotected the first time a job names it) lets every job through: the Vault role and the federated credential still accept its token, so the gate exists only on paper.";
    public override string Recommendation => "Keep the pipeline's approvers non-empty and let the plan declare the approval environment (ci.approvalEnvironment); apply the rendered environment (access render --format github) or the RepositoryGovernance component before the stage runs.";
    public override string Example => "environment:\n  ci:\n    approvalEnvironment: prod-approval\npipelines:\n  - name: payments-api\n    approvers: [carol-release]";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubEnvironments, Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var identity in context.Plan.Identities.Where(i => i.IsActive && i.ApprovalGated))
        {
            var environment = context.Plan.Governance.Of(identity.Repository)?.Environment(identity.CiEnvironment);
            if (environment is null)
            {
                yield return Found(context, identity.Id, Messages.GateWithoutEnvironment(identity.Id, identity.CiEnvironment, identity.Repository), identity.Location);
            }
            else if (environment.Reviewers.IsEmpty)
            {
                yield return Found(context, identity.Id, Messages.GateWithoutReviewer(identity.Id, environment.Name, environment.Repository), identity.Location);
            }
        }
    }
}
