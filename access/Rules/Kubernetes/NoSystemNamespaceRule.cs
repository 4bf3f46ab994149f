using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S011: pipelines never target default or kube-* namespaces.</summary>
public sealed class NoSystemNamespaceRule : GuardrailRule
{
    public override string Id => "K8S011";
    public override string Name => "no-default-or-system-namespace";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "the namespace";
    public override bool WaivableInSystemNamespaces => false;
    public override string Summary => "No ServiceAccount, Role, binding or NetworkPolicy is declared in default or a kube-* namespace.";
    public override string Description => "default is shared by whatever lands there without a namespace; kube-system, kube-public and kube-node-lease hold the control plane's own objects and credentials. Rights in them are rights over the cluster, and a pipeline's objects there escape its own namespace boundary.";
    public override string Recommendation => "Give the pipeline its own namespace (one pipeline each) and list it under namespaces.";
    public override string Example => "namespaces: [payments-prod]";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Checkov CKV_K8S_21: the default namespace should not be used", "https://www.checkov.io/5.Policy%20Index/kubernetes.html"), Anchors.KubernetesRbacGoodPractices];

    public static bool IsReserved(string ns) => ns == "default" || ns.StartsWith("kube-", StringComparison.Ordinal);

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var k = context.Plan.Kubernetes;
        var declared = k.ServiceAccounts.Select(s => (s.Namespace, s.Owner))
            .Concat(k.Roles.Select(r => (r.Namespace, r.Owner)))
            .Concat(k.RoleBindings.Select(b => (b.Namespace, b.Owner)))
            .Concat(k.NetworkPolicies.Select(n => (n.Namespace, n.Owner)));
        return declared.Where(d => IsReserved(d.Namespace))
            .GroupBy(d => (d.Namespace, d.Owner.Subject))
            .Select(g => Found(context, g.Key.Subject, Messages.ReservedNamespace(g.Key.Namespace), g.Min(d => d.Owner.Location)!, about: g.Key.Namespace));
    }
}
