using System.Collections.Immutable;
using Infra.Access.Deployer;

namespace Infra.Access.Rules.Deployer;

/// <summary>DPL004: the deployer can register every object of its part of the plan.</summary>
public sealed class DeployerCoversPlanRule : GuardrailRule
{
    public override string Id => "DPL004";
    public override string Name => "deployer-covers-plan";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Deployer;
    public override bool Waivable => false;
    public override string Summary => "Each deployer holds every permission registering its objects of the plan needs (create, read, patch and delete of each Kubernetes object, the rules of every Role it writes, each Vault object's path, each Azure action on its scope).";
    public override string Description => "A deployer missing a permission makes `pulumi up` stop halfway: a Role created but its binding refused, a JWT role pointing at a policy that was never written. Worse, the fix under time pressure is an admin token. The rights are computed from the same plan the Pulumi program registers, so a gap here is a planner or hand-edit bug, caught before anything is applied.";
    public override string Recommendation => "Re-render the deployer's rights (`access render --format deployer`) and have the bootstrap administrators apply them before `pulumi up` (docs/pulumi.md, bootstrap).";
    public override string Example => "environment:\n  name: prod\n# every planned object has a matching deployer right: access render stacks/prod.yaml --format deployer";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesEscalationPrevention];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var deployer in context.Plan.Deployers)
        {
            var gap = DeployerCoverage.Compare(context.Plan, context.Environment.Azure?.SubscriptionId, deployer);
            if (!gap.Missing.IsEmpty)
            {
                yield return Found(context, deployer.Id, Messages.DeployerMissing(gap.Missing.Length, gap.Missing[0]), context.Environment.Location);
            }
        }
    }
}
