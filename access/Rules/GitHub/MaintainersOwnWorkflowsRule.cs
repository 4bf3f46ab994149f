using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Governance;

namespace Infra.Access.Rules.GitHub;

/// <summary>GHB006: the stages' workflow files (and CODEOWNERS itself) are owned by the pipelines' maintainers only.</summary>
public sealed class MaintainersOwnWorkflowsRule : GuardrailRule
{
    public override string Id => "GHB006";
    public override string Name => "maintainers-own-workflows";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.GitHub;
    public override bool Waivable => false;
    public override string Summary => "Every workflow file a live stage names has a literal CODEOWNERS line owned only by maintainers of the pipelines that run it, the workflows folder is owned by the repository's maintainers, and CODEOWNERS owns itself.";
    public override string Description => "The workflow file decides what a stage's token is used for; whoever can change it without a maintainer's review controls the stage. A CODEOWNERS line owned by the maintainers makes a change to it wait for one of them (with 'require review from code owners' on the ref's branch protection), so an approver cannot both change the deployment script and approve its release. An owner who maintains nothing (an approver) breaks that separation. Lines are literal paths: a space or '#' splits or comments out a line, a leading '!' or a glob owns other files, and GitHub silently skips a line it cannot read. Without a line for CODEOWNERS itself, a pull request could remove the workflow lines with anyone's approval. Without a line for the whole /.github/workflows/ folder, a workflow file no stage names is owned by no one: a new one can ask for the CI environment (an Azure federated credential trusts the environment, not the workflow), and a reusable workflow a stage's workflow calls runs with the stage's token.";
    public override string Recommendation => "Name each stage's workflow (workflow: .github/workflows/deploy.yml) and let the plan write the CODEOWNERS lines; turn on 'require review from code owners' for the pipeline's ref.";
    public override string Example => "maintainers: [alice-payments]\nstages:\n  - name: deploy\n    workflow: .github/workflows/deploy.yml   # planned: /.github/workflows/deploy.yml @alice-payments";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubCodeOwners];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var repository in context.Plan.Governance.Repositories)
        {
            foreach (var entry in repository.CodeOwners.Where(e => !GovernanceFacts.IsLiteralOwnedPath(e.Pattern)))
            {
                yield return Found(context, repository.Owner.Subject, Messages.CodeOwnersPatternUnsafe(repository.Repository, entry.Pattern), repository.Owner.Location);
            }

            var pipelines = GovernanceFacts.PipelinesOf(context, repository).ToList();
            var live = pipelines.SelectMany(p => p.Stages.Where(s => s.Workflow is not null).Select(s => (Pipeline: p, Stage: s))).ToList();
            if (live.Count == 0)
            {
                continue;
            }

            var self = repository.CodeOwnersOf("/" + GovernancePlanner.CodeOwnersPath);
            if (self is null || self.Owners.IsEmpty)
            {
                yield return Found(context, repository.Owner.Subject, Messages.CodeOwnersNotProtected(repository.Repository), repository.Owner.Location);
            }
            else if (NotMaintaining(self, GovernanceFacts.Maintainers(pipelines)) is { Count: > 0 } strangers)
            {
                yield return Found(context, repository.Owner.Subject, Messages.CodeOwnerNotMaintainer(self.Pattern, repository.Repository, strangers), repository.Owner.Location);
            }

            var folder = repository.CodeOwnersOf(GovernancePlanner.WorkflowsPattern);
            if (folder is null || folder.Owners.IsEmpty)
            {
                yield return Found(context, repository.Owner.Subject, Messages.WorkflowsFolderNotOwned(repository.Repository), repository.Owner.Location);
            }
            else if (NotMaintaining(folder, GovernanceFacts.Maintainers(pipelines)) is { Count: > 0 } strangers)
            {
                yield return Found(context, repository.Owner.Subject, Messages.CodeOwnerNotMaintainer(folder.Pattern, repository.Repository, strangers), repository.Owner.Location);
            }

            foreach (var (pipeline, stage) in live)
            {
                var pattern = "/" + stage.Workflow;
                var subject = $"{pipeline.Name}/{stage.Name}";
                var entry = repository.CodeOwnersOf(pattern);
                if (entry is null || entry.Owners.IsEmpty)
                {
                    yield return Found(context, subject, Messages.WorkflowNotOwned(subject, stage.Workflow!, repository.Repository), stage.Location);
                    continue;
                }

                var runners = live.Where(l => l.Stage.Workflow == stage.Workflow).Select(l => l.Pipeline);
                if (NotMaintaining(entry, GovernanceFacts.Maintainers(runners)) is { Count: > 0 } others)
                {
                    yield return Found(context, subject, Messages.CodeOwnerNotMaintainer(pattern, repository.Repository, others), stage.Location);
                }
            }
        }
    }

    private static List<string> NotMaintaining(CodeOwnersEntry entry, HashSet<string> maintainers) =>
        [.. entry.Owners.Select(o => o.Text).Where(o => !maintainers.Contains(o)).Order(StringComparer.Ordinal)];
}
