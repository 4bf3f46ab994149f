using System.Collections.Immutable;
using Infra.Access.Governance;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB004: a repository's environments admit nothing beyond each pipeline's ref.</summary>
public sealed class BranchPolicyPinsRefRule : GuardrailRule
{
    public override string Id => "GHB004";
    public override string Name => "branch-policy-pins-ref";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override bool Waivable => false;
    public override string Summary => "The deployment branch policy of every environment of a pipeline's repository admits exactly the pipeline's ref: no other branch or tag, no pattern, not every protected branch; an error in production, a warning elsewhere.";
    public override string Description => "Entra federated credentials match the subject only (repository and CI environment), so for the Azure side of a stage the environment's deployment branch policy is the only thing that keeps feature branches out; Vault's JWT role binds the ref as well, but both should say the same. GitHub matches policy names with fnmatch: 'main*' admits main-hotfix, '*' admits every branch, and a 'tag' policy named main admits a tag anyone with write access can push. Protected branches only, or no policy at all, admits far more than one ref. Pipelines sharing a repository share its environments: a second pipeline's ref widens the first's.";
    public override string Recommendation => "Pin the pipeline's ref (ref: refs/heads/main) and let the plan admit exactly it; pipelines with different refs belong in different repositories.";
    public override string Example => "ref: refs/heads/main   # planned: {\"name\": \"main\", \"type\": \"branch\"}";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubEnvironments, Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var severity = context.IsProduction ? Severity.Error : Severity.Warning;
        foreach (var repository in context.Plan.Governance.Repositories)
        {
            foreach (var pipeline in GovernanceFacts.PipelinesOf(context, repository).Where(p => p.Ref is not null))
            {
                var pinned = GovernancePlanner.PolicyOf(pipeline.Ref!);
                foreach (var environment in repository.Environments)
                {
                    foreach (var wider in Wider(environment.Refs, pinned))
                    {
                        yield return Found(context, pipeline.Name, Messages.BranchPolicyWider(pipeline.Name, environment.Name, pipeline.Ref!, wider), pipeline.Location, severity);
                    }
                }
            }
        }
    }

    /// <summary>What the environment admits beyond <paramref name="pinned"/>, one phrase each.</summary>
    private static IEnumerable<string> Wider(DeploymentRefs refs, BranchPolicy pinned)
    {
        if (refs.AnyRef)
        {
            yield return "every branch and tag (no deployment branch policy)";
            yield break;
        }

        if (refs.ProtectedBranches)
        {
            yield return "every protected branch";
            yield break;
        }

        foreach (var policy in refs.Custom)
        {
            var kind = policy.Kind == RefKind.Tag ? "tag" : "branch";
            if (GovernanceFacts.HasPatternCharacter(policy.Name))
            {
                yield return $"the {kind} pattern '{policy.Name}'";
            }
            else if (policy != pinned)
            {
                yield return $"the {kind} '{policy.Name}'";
            }
        }
    }
}
