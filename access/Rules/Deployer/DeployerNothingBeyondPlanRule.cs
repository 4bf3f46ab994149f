using System.Collections.Immutable;
using Infra.Access.Deployer;

namespace Infra.Access.Rules.Deployer;

/// <summary>DPL005: the deployer holds nothing its objects of the plan do not need.</summary>
public sealed class DeployerNothingBeyondPlanRule : GuardrailRule
{
    public override string Id => "DPL005";
    public override string Name => "deployer-nothing-beyond-plan";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Deployer;
    public override bool Waivable => false;
    public override string Summary => "Each deployer holds no permission beyond what its objects of the plan need: no kind the plan does not manage, no namespace it does not own, no name it does not declare, no verb left unnamed that RBAC can name, and a team deployer nothing of another team or of the environment.";
    public override string Description => "Least privilege holds for the identity behind `pulumi up` too. `create rolebindings` cannot be narrowed by name (RBAC authorizes a create before the object exists), but get, patch and delete can, and are. `patch namespaces` without a name would let a stolen token relabel any namespace, switching its Pod Security level to privileged; the deployer patches only the pipeline namespaces it owns. A team deployer registers its own pipelines only: the cluster-scoped objects, the runner namespace, the audit devices and Azure stay with the platform.";
    public override string Recommendation => "Apply the rights `access render --format deployer` writes unchanged; when the plan shrinks, narrow them after `pulumi up` deleted the objects (docs/pulumi.md, bootstrap).";
    public override string Example => "environment:\n  name: prod\n  teamDeployers: [payments]   # deployer:payments holds payments' pipelines' objects only";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesResourceNames, Anchors.KubernetesEscalationPrevention];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var deployer in context.Plan.Deployers)
        {
            var gap = DeployerCoverage.Compare(context.Plan, context.Environment.Azure?.SubscriptionId, deployer);
            if (!gap.Beyond.IsEmpty)
            {
                yield return Found(context, deployer.Id, Messages.DeployerBeyond(gap.Beyond.Length, gap.Beyond[0]), context.Environment.Location);
            }
        }
    }
}
