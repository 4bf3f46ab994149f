using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S025: no pipeline identity writes Namespace objects, its own included.</summary>
public sealed class NoNamespaceWritesRule : GuardrailRule
{
    // The Namespace object and its subresources; finalize removes finalizers, status is the controller's.
    private static readonly string[] NamespaceResources = ["namespaces", "namespaces/finalize", "namespaces/status"];

    public override string Id => "K8S025";
    public override string Name => "no-namespace-writes";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No Role grants a write verb on namespaces, namespaces/finalize or namespaces/status.";
    public override string Description => "RBAC authorizes a request for a Namespace object as a request in that namespace, so a namespaced Role in payments-prod that grants patch on namespaces lets its holder patch payments-prod itself: set pod-security.kubernetes.io/enforce to privileged and the Pod Security boundary is gone, or delete the namespace with every workload in it. The labels are applied by the platform's server-side apply field manager only.";
    public override string Recommendation => "Change a namespace's Pod Security level through podSecurity in the definition and `pulumi up`; a pipeline never writes its namespace.";
    public override string Example => "podSecurity:\n  level: baseline\n  reason: the image runs as root until the rebuild in PAY-1234   # the platform relabels the namespace";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesPodSecurityAdmission, Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (role, number, rule) in Rbac.AllRules(context.Plan))
        {
            if (!rule.ApiGroups.Contains(Rbac.CoreGroup))
            {
                continue;
            }

            foreach (var resource in Rbac.Held(NamespaceResources, rule.Resources))
            {
                var verbs = rule.Verbs.Where(v => WriteAccess.IsKubernetesWrite(v)).ToList();
                if (verbs.Count > 0)
                {
                    yield return Found(context, role.Owner.Subject, Messages.NamespaceWrite(Rbac.Describe(role, number), verbs, resource), role.Owner.Location);
                }
            }
        }
    }
}
