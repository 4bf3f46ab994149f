using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Lifecycle;

/// <summary>LCY001: paused and decommissioned pipelines hold no grant.</summary>
public sealed class InactiveHoldsNothingRule : GuardrailRule
{
    public override string Id => "LCY001";
    public override string Name => "inactive-pipeline-holds-nothing";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Lifecycle;
    public override bool Waivable => false;
    public override string Summary => "Paused and decommissioned pipelines hold no RoleBinding, JWT role, secrets-engine role, federated credential or role assignment.";
    public override string Description => "Pausing or retiring a pipeline is how access is revoked: the next `pulumi up` deletes the bindings and login paths. Anything that still grants access after the state changed is access nobody is watching.";
    public override string Recommendation => "Keep the state paused or decommissioned; the planner declares no grant for it. Report a planner that does.";
    public override string Example => "  - name: search-indexer\n    state: paused   # identities listed, no binding, no auth role, no federated credential";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inactive = context.Plan.Identities.Where(i => !i.IsActive).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var inactivePipelines = context.Definition.Pipelines.Where(p => p.State != Definition.PipelineState.Active).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var grants = context.Plan.Kubernetes.RoleBindings.Select(b => ($"RoleBinding {b.Namespace}/{b.Name}", b.Owner))
            .Concat(context.Plan.Vault.JwtRoles.Select(r => ($"JWT role {r.Name}", r.Owner)))
            .Concat(context.Plan.Vault.KubernetesSecretRoles.Select(r => ($"Kubernetes secrets role {r.Name}", r.Owner)))
            .Concat(context.Plan.Azure.FederatedCredentials.Select(c => ($"federated credential {c.Name}", c.Owner)))
            .Concat(context.Plan.Azure.RoleAssignments.Select(a => ($"role assignment {a.IdentityName}/{a.RoleName}", a.Owner)));
        foreach (var (what, owner) in grants)
        {
            if (inactive.Contains(owner.Subject) || (owner.Pipeline is { } p && inactivePipelines.Contains(p)))
            {
                yield return Found(context, owner.Subject, Messages.InactiveGrant(what, State(context, owner)), owner.Location);
            }
        }
    }

    private static string State(RuleContext context, Owner owner) =>
        context.PipelineOf(owner)?.State.ToString().ToLowerInvariant() ?? "inactive";
}
