using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Separation;

/// <summary>
/// SOD006: in production a stage identity is assumed only by its own workflow file on the pipeline's
/// ref. Without the ref, a job on any branch that names the CI environment gets the token; without the
/// workflow, any workflow of the repository does.
/// </summary>
public sealed class ProductionPinsRefAndWorkflowRule : GuardrailRule
{
    public override string Id => "SOD006";
    public override string Name => "production-pins-ref-and-workflow";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Separation;
    public override bool Waivable => false;
    public override string Summary => "In production every live stage pins the pipeline's ref and its own workflow file, and its Vault JWT role binds both (ref and workflow_ref claims).";
    public override string Description => "GitHub issues a token for a CI environment to any job that names it, on any branch, from any workflow file of the repository. The ref claim keeps feature branches out and the workflow_ref claim (<repository>/<workflow>@<ref>) keeps the repository's other workflows out, so a pull request that adds a workflow cannot assume a production stage. Vault's JWT role binds both claims exactly. Entra federated credentials match the subject only (issuer, subject, audience), and the subject carries repository and CI environment: for the Azure side, restrict the CI environment to the pipeline's ref with a deployment branch policy (GitHub's environment settings). Paused, decommissioned and suspended pipelines hold no role, so they are not judged.";
    public override string Recommendation => "Set the pipeline's `ref:` (e.g. refs/heads/main) and each stage's `workflow:` (e.g. .github/workflows/deploy.yml); the planner binds ref and workflow_ref in the stage's JWT role.";
    public override string Example => "repository: example-org/payments-api\nref: refs/heads/main\nstages:\n  - name: deploy\n    workflow: .github/workflows/deploy.yml\n    capabilities: [{deploy: {deployments: [payments-api]}}]";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsProduction)
        {
            yield break;
        }

        var roles = context.Plan.Vault.JwtRoles.ToLookup(r => r.Owner.Subject, StringComparer.Ordinal);
        var unpinned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identity in context.Plan.Identities.Where(i => i.IsActive))
        {
            var owner = new Owner(identity.Pipeline, identity.Stage, identity.Location);
            if (context.PipelineOf(owner) is not { } pipeline)
            {
                continue;
            }

            if (pipeline.Ref is null)
            {
                // Once per pipeline, at the pipeline: one missing line, one finding.
                if (unpinned.Add(pipeline.Name))
                {
                    yield return Found(context, pipeline.Name, Messages.NoRefPinned(pipeline.Name), pipeline.Location);
                }

                continue;
            }

            var stage = pipeline.Stages.FirstOrDefault(s => s.Name == identity.Stage);
            if (stage?.Workflow is not { } workflow)
            {
                yield return Found(context, identity.Id, Messages.NoWorkflowPinned(identity.Id), identity.Location);
                continue;
            }

            var workflowRef = $"{pipeline.Repository}/{workflow}@{pipeline.Ref}";
            foreach (var role in roles[identity.Id])
            {
                if (role.BoundClaims.GetValueOrDefault("ref") != pipeline.Ref)
                {
                    yield return Found(context, identity.Id, Messages.JwtClaim(role.Name, "ref", role.BoundClaims.GetValueOrDefault("ref"), pipeline.Ref), role.Owner.Location);
                }

                if (role.BoundClaims.GetValueOrDefault("workflow_ref") != workflowRef)
                {
                    yield return Found(context, identity.Id, Messages.JwtClaim(role.Name, "workflow_ref", role.BoundClaims.GetValueOrDefault("workflow_ref"), workflowRef), role.Owner.Location);
                }
            }
        }
    }
}
