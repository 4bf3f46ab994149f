using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S012: every pipeline namespace (and the runner namespace) starts from deny-all.</summary>
public sealed class DefaultDenyRule : GuardrailRule
{
    public override string Id => "K8S012";
    public override string Name => "default-deny-network-policy";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "the namespace";
    public override bool WaivableInSystemNamespaces => false;
    public override string Summary => "Every pipeline namespace and the CI runner namespace has a default-deny NetworkPolicy for ingress and egress.";
    public override string Description => "Without a policy that selects every pod and allows nothing, a namespace accepts and makes any connection, and the flows the definition lists are decoration. The check runs on the plan: the namespace must hold a NetworkPolicy with both policy types and no rules.";
    public override string Recommendation => "Keep the pipeline (not decommissioned) in the definition with its namespaces; the planner declares default-deny plus the named flows.";
    public override string Example => "# NetworkPolicy default-deny in payments-prod: podSelector {}, policyTypes [Egress, Ingress], no rules";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ckv2K8s6, Anchors.KubernetesNetworkPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var denied = context.Plan.Kubernetes.NetworkPolicies.Where(n => n.IsDefaultDeny).Select(n => n.Namespace).ToHashSet(StringComparer.Ordinal);
        foreach (var pipeline in context.Definition.Pipelines.Where(p => p.State != PipelineState.Decommissioned))
        {
            foreach (var ns in pipeline.Namespaces.Where(ns => !denied.Contains(ns)))
            {
                yield return Found(context, pipeline.Name, Messages.NoDefaultDeny(ns), pipeline.Location, about: ns);
            }
        }

        if (context.Environment.Cluster.RunnerNamespace is { } runner && !denied.Contains(runner))
        {
            yield return Found(context, "environment", Messages.NoDefaultDeny(runner), context.Environment.Cluster.Location, about: runner);
        }
    }
}
