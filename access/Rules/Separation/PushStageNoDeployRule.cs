using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Rules.Separation;

/// <summary>SOD002: the stage that builds and pushes an image cannot also deploy it.</summary>
public sealed class PushStageNoDeployRule : GuardrailRule
{
    public override string Id => "SOD002";
    public override string Name => "push-stage-no-deploy";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Separation;
    public override string Summary => "A stage that writes to the registry (pushes images) holds no Kubernetes write grant.";
    public override string Description => "The build stage runs the repository's build scripts and dependencies, the least trusted code of the pipeline. If it can also change workloads, a poisoned dependency deploys itself straight past the approval gate; split, a pushed image still needs the (gated) deploy stage.";
    public override string Recommendation =>
        $"Put {CapabilityCatalog.PushImage.Name} and {string.Join("/", CapabilityCatalog.All.Where(c => c.System == CapabilitySystem.Kubernetes && c.Writes).Select(c => c.Name))} in separate stages.";
    public override string Example => "stages:\n  - name: build\n    capabilities: [{push-image: {repositories: [payments/api]}}]\n  - name: deploy\n    capabilities: [{deploy: {deployments: [payments-api]}}]";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Both sides come from the plan's grants (WriteAccess), not from role names or capability flags.
        var azureWriters = WriteAccess.Writers(context.Plan, CapabilitySystem.Azure);
        var pushers = Keyed.FirstByKey(
            context.Plan.Azure.RoleAssignments.Where(a => azureWriters.Contains(a.Owner.Subject)),
            a => a.Owner.Subject,
            StringComparer.Ordinal);
        var deployers = WriteAccess.Writers(context.Plan, CapabilitySystem.Kubernetes);
        return pushers.Where(p => deployers.Contains(p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => Found(context, p.Key, Messages.PushAndDeploy(p.Key), p.Value.Owner.Location));
    }
}
