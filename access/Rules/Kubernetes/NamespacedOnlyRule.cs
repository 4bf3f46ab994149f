using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S006: pipeline identities get namespaced Roles and RoleBindings only.</summary>
public sealed class NamespacedOnlyRule : GuardrailRule
{
    public override string Id => "K8S006";
    public override string Name => "no-cluster-role";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No ClusterRole or ClusterRoleBinding for pipeline identities; RoleBindings refer to Roles.";
    public override string Description => "A ClusterRole bound cluster-wide reaches every namespace, including other pipelines' and kube-system. Even a RoleBinding to a ClusterRole imports rules defined and changed outside the definition. Pipeline identities get a namespaced Role with exact rules, bound in that namespace.";
    public override string Recommendation => "Declare the access as catalog capabilities in the pipeline's namespaces; the planner emits a Role and a RoleBinding per namespace.";
    public override string Example => "namespaces: [payments-prod]\nstages:\n  - name: deploy\n    capabilities:\n      - deploy:\n          namespace: payments-prod\n          deployments: [payments-api]";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ksv052, Anchors.Ksv111, Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var k = context.Plan.Kubernetes;
        foreach (var role in k.Roles.Where(r => r.Kind != "Role"))
        {
            yield return Found(context, role.Owner.Subject, Messages.ClusterScoped(role.Kind, $"{role.Namespace}/{role.Name}"), role.Owner.Location);
        }

        foreach (var binding in k.RoleBindings.Where(b => b.Kind != "RoleBinding" || b.RoleRef.Kind != "Role"))
        {
            var what = binding.Kind != "RoleBinding" ? binding.Kind : $"RoleBinding to {binding.RoleRef.Kind} {binding.RoleRef.Name}";
            yield return Found(context, binding.Owner.Subject, Messages.ClusterScoped(what, $"{binding.Namespace}/{binding.Name}"), binding.Owner.Location);
        }
    }
}
