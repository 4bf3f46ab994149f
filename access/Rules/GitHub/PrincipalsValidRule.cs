using System.Collections.Immutable;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB007: reviewers and code owners are GitHub logins or teams of the repository's owner.</summary>
public sealed class PrincipalsValidRule : GuardrailRule
{
    public override string Id => "GHB007";
    public override string Name => "github-principals-valid";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override bool Waivable => false;
    public override string Summary => "Every required reviewer and code owner is a GitHub login or a team (@owner/team) of the repository's owner.";
    public override string Description => "GitHub silently skips a CODEOWNERS owner it cannot resolve and refuses a reviewer it does not know: a team of another organisation, or a name with characters no login has, leaves a workflow file without owner or an approval environment without the reviewer the definition shows. Reviewers and owners are judged in the plan, so a name that reached it some other way (C# arguments, a planner change) is caught too.";
    public override string Recommendation => "Name approvers and maintainers by GitHub login (letters, digits, single '-') or as @owner/team-slug of the repository's organisation.";
    public override string Example => "repository: example-org/payments-api\napprovers: [carol-release, '@example-org/release-leads']";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubCodeOwners, Anchors.GitHubEnvironments];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var repository in context.Plan.Governance.Repositories)
        {
            var seen = new HashSet<(string, string)>();
            var named = repository.Environments.SelectMany(e => e.Reviewers.Select(r => ("reviewer", r)))
                .Concat(repository.CodeOwners.SelectMany(c => c.Owners.Select(o => ("code owner", o))));
            foreach (var (role, principal) in named)
            {
                if (seen.Add((role, principal.Text)) && GovernanceFacts.Invalid(principal, repository.Repository) is { } why)
                {
                    yield return Found(context, repository.Owner.Subject, Messages.PrincipalInvalid(role, principal.Text, repository.Repository, why), repository.Owner.Location);
                }
            }
        }
    }
}
