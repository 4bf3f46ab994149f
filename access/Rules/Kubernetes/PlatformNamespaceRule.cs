using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S014: platform namespaces belong to the platform; no pipeline owns one or is granted anything in one.</summary>
public sealed class PlatformNamespaceRule : GuardrailRule
{
    public override string Id => "K8S014";
    public override string Name => "platform-namespace-not-pipeline";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No pipeline, in any state, owns a platform namespace or has a ServiceAccount, Role, binding or NetworkPolicy in one.";
    public override string Description => "Platform namespaces are the system namespaces (default, kube-*, gatekeeper-system, calico-system, calico-apiserver, tigera-operator, aks-command, aks-istio-system, flux-system), the AKS-managed gateways (aks-istio-ingress, aks-istio-egress, app-routing-system), the default namespaces of well-known cluster controllers (argocd, kyverno, istio-system, cert-manager, external-secrets, vault, velero and the others docs/definition-format.md lists), the CI runner namespace and what the environment lists under cluster.platformNamespaces and cluster.platformServices. A pipeline that owns one deploys next to the ingress controller, the runners or the policy engine, receives the flows other pipelines grant to it, and replaces its network policies with the pipeline's own. The check runs on the definition and on the plan, so a planner bug is caught too; no exception waives it.";
    public override string Recommendation => "Give the pipeline its own namespace. If the namespace really is a pipeline's, remove it from cluster.platformNamespaces (system namespaces never are).";
    public override string Example => "environment:\n  cluster:\n    platformNamespaces: [ingress-nginx-prod, monitoring, cert-manager]\npipelines:\n  - name: payments-api\n    namespaces: [payments-prod]";
    public override ImmutableArray<RuleLink> Links => [Anchors.AksSystemNamespaces, Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cluster = context.Environment.Cluster;
        var reported = new HashSet<(string, string)>();
        foreach (var pipeline in context.Definition.Pipelines)
        {
            // default and kube-* are K8S011's (one cause, one finding): that rule reports them, here they are skipped.
            foreach (var ns in pipeline.Namespaces.Where(ns => PlatformNamespaces.IsPlatform(cluster, ns) && !NoSystemNamespaceRule.IsReserved(ns)))
            {
                reported.Add((pipeline.Name, ns));
                yield return Found(context, pipeline.Name, Messages.PlatformNamespaceOwned("owns namespace", ns), pipeline.Location);
            }
        }

        // The plan: whatever a planner bug (or an edited plan) declares for a pipeline in a platform namespace.
        var k = context.Plan.Kubernetes;
        var declared = k.ServiceAccounts.Select(s => (What: $"ServiceAccount {s.Name}", s.Namespace, s.Owner))
            .Concat(k.Roles.Select(r => (What: $"{r.Kind} {r.Name}", r.Namespace, r.Owner)))
            .Concat(k.RoleBindings.Select(b => (What: $"{b.Kind} {b.Name}", b.Namespace, b.Owner)))
            .Concat(k.NetworkPolicies.Select(n => (What: $"NetworkPolicy {n.Name}", n.Namespace, n.Owner)));
        foreach (var d in declared)
        {
            if (d.Owner.Pipeline is { } pipeline && PlatformNamespaces.IsPlatform(cluster, d.Namespace) && !NoSystemNamespaceRule.IsReserved(d.Namespace)
                && reported.Add((pipeline, d.Namespace)))
            {
                yield return Found(context, d.Owner.Subject, Messages.PlatformNamespaceOwned($"declares {d.What} in namespace", d.Namespace), d.Owner.Location);
            }
        }
    }
}
