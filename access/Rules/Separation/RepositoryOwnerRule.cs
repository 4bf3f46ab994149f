using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Separation;

/// <summary>
/// SOD007: a pipeline's repository belongs to an owner the environment trusts. Whoever owns a
/// repository creates its CI environments, their approval rules and its branches, so every claim a
/// JWT role or federated credential binds (environment, ref, workflow) is theirs to satisfy.
/// </summary>
public sealed class RepositoryOwnerRule : GuardrailRule
{
    public override string Id => "SOD007";
    public override string Name => "repository-owner-trusted";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Separation;
    public override bool Waivable => false;
    public override string Summary => "Every pipeline that holds or may regain identities names a repository of an owner the environment trusts (ci.repositoryOwners, else the owner of GitHub's default audience https://github.com/OWNER); production must name one.";
    public override string Description => "The bound claims of a stage (repository, CI environment, ref, workflow_ref) pin one repository, but the owner of that repository decides what they mean: a fork under a user account (alice/payments-api) has a `prod-approval` environment without reviewers, a `main` branch without protection and any workflow its owner writes. A definition that names such a repository hands the production identity to one person, past every approval gate. GitHub's audience claim does not help: a job may request any audience. Owner names compare as GitHub compares them, ignoring case. Decommissioned pipelines hold nothing and are not judged.";
    public override string Recommendation => "Keep pipelines in the organisation's repositories; list further trusted organisations in `ci.repositoryOwners`.";
    public override string Example => "ci:\n  audience: https://github.com/example-org   # trusts example-org\n  repositoryOwners: [example-org]            # or name the owners explicitly\n...\nrepository: example-org/payments-api";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ci = context.Environment.Ci;
        var owners = ci.TrustedOwners();
        if (owners.IsEmpty)
        {
            if (context.IsProduction)
            {
                yield return Found(context, "environment", Messages.NoRepositoryOwner(ci.Audience), ci.Location);
            }

            yield break;
        }

        foreach (var pipeline in context.Definition.Pipelines.Where(p => p.State != PipelineState.Decommissioned))
        {
            var slash = pipeline.Repository.IndexOf('/', StringComparison.Ordinal);
            var owner = slash < 0 ? pipeline.Repository : pipeline.Repository[..slash];
            // GitHub owner names ignore case: Example-Org/x is example-org's repository.
            if (!owners.Contains(owner, UpstreamNames.GitHub))
            {
                yield return Found(context, pipeline.Name, Messages.RepositoryNotOwned(pipeline.Repository, owners), pipeline.Location);
            }
        }
    }
}
