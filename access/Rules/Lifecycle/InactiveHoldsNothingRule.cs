using System.Collections.Immutable;
using Infra.Access.Definition;
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
    public override string Summary => "Paused, decommissioned and suspended (review overdue) pipelines hold no RoleBinding, JWT role, secrets-engine role, federated credential or role assignment; decommissioned ones no allowed network flow either.";
    public override string Description => "Pausing or retiring a pipeline is how access is revoked: the next `pulumi up` deletes the bindings and login paths. Anything that still grants access after the state changed is access nobody is watching. An active pipeline past its reviewBy date is suspended: the plan must hold nothing for it either. Network isolation stays: every state keeps the default-deny NetworkPolicies (K8S012); a paused or suspended pipeline keeps its declared flows because its workload still runs, a decommissioned one keeps none.";
    public override string Recommendation => "Keep the state paused or decommissioned; the planner declares no grant for it. Report a planner that does.";
    public override string Example => "  - name: search-indexer\n    state: paused   # identities listed, no binding, no auth role, no federated credential";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var inactive = context.Plan.Identities.Where(i => !i.IsActive).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        // Judged on the rule's date too: a plan built without it (or before the review date passed)
        // would keep an overdue pipeline's grants, and that is as much a leak as a paused one's.
        var inactivePipelines = context.Definition.Pipelines.Where(p => Planner.StateOn(p, context.Today) != PipelineState.Active).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        // The owner is judged first and the grant named only when it is reported: nearly every grant of a catalog is live.
        bool IsInactive(Owner owner) => inactive.Contains(owner.Subject) || (owner.Pipeline is { } p && inactivePipelines.Contains(p));
        Finding Report(string what, Owner owner) => Found(context, owner.Subject, Messages.InactiveGrant(what, State(context, owner)), owner.Location);
        var plan = context.Plan;
        foreach (var b in plan.Kubernetes.RoleBindings.Where(b => IsInactive(b.Owner)))
        {
            yield return Report($"RoleBinding {b.Namespace}/{b.Name}", b.Owner);
        }

        foreach (var r in plan.Vault.JwtRoles.Where(r => IsInactive(r.Owner)))
        {
            yield return Report($"JWT role {r.Name}", r.Owner);
        }

        foreach (var r in plan.Vault.KubernetesSecretRoles.Where(r => IsInactive(r.Owner)))
        {
            yield return Report($"Kubernetes secrets role {r.Name}", r.Owner);
        }

        foreach (var c in plan.Azure.FederatedCredentials.Where(c => IsInactive(c.Owner)))
        {
            yield return Report($"federated credential {c.Name}", c.Owner);
        }

        foreach (var a in plan.Azure.RoleAssignments.Where(a => IsInactive(a.Owner)))
        {
            yield return Report($"role assignment {a.IdentityName}/{a.RoleName}", a.Owner);
        }

        // A decommissioned pipeline keeps its namespaces' default deny and nothing else: a flow is a
        // grant of reach. (A paused one keeps its flows: its workload still runs.)
        var decommissioned = context.Definition.Pipelines.Where(p => p.State == Definition.PipelineState.Decommissioned).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var n in plan.Kubernetes.NetworkPolicies.Where(n => n.Owner.Pipeline is { } p && decommissioned.Contains(p) && !(n.Ingress.IsEmpty && n.Egress.IsEmpty)))
        {
            yield return Report($"NetworkPolicy {n.Namespace}/{n.Name} with allowed flows", n.Owner);
        }
    }

    private static string State(RuleContext context, Owner owner) =>
        context.PipelineOf(owner) is { } pipeline ? Planner.StateOn(pipeline, context.Today) switch
        {
            PipelineState.Suspended => "suspended (review overdue)",
            var state => state.ToString().ToLowerInvariant(),
        }
        : "inactive";
}
