using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S007: no binding to the built-in powerful roles or to system groups.</summary>
public sealed class NoPrivilegedBindingRule : GuardrailRule
{
    private static readonly string[] PrivilegedRoles = ["cluster-admin", "admin", "edit"];

    public override string Id => "K8S007";
    public override string Name => "no-privileged-binding";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No binding to cluster-admin, admin, edit or a system: role, and no system: group as a subject.";
    public override string Description => "cluster-admin is everything; admin and edit include Secrets, pods/exec and (admin) RBAC in the namespace, and grow with every aggregated ClusterRole. system: roles are the control plane's own. A system: group subject (system:authenticated, system:serviceaccounts) hands the grant to every identity of the cluster.";
    public override string Recommendation => "Bind only the stage's own Role to the stage's own ServiceAccount; the planner does exactly that.";
    public override string Example => "# roleRef: Role ci-payments-api-deploy; subjects: ServiceAccount ci-payments-api-deploy in payments-prod";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ksv051, Anchors.Ksv052, Anchors.Ksv111, Anchors.Ksv112, Anchors.Ckv2K8s1];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var binding in context.Plan.Kubernetes.RoleBindings)
        {
            var name = $"{binding.Namespace}/{binding.Name}";
            if (PrivilegedRoles.Contains(binding.RoleRef.Name) || binding.RoleRef.Name.StartsWith("system:", StringComparison.Ordinal))
            {
                yield return Found(context, binding.Owner.Subject, Messages.PrivilegedRoleRef(name, binding.RoleRef.Name), binding.Owner.Location);
            }

            foreach (var subject in binding.Subjects.Where(s => s.Name.StartsWith("system:", StringComparison.Ordinal)))
            {
                yield return Found(context, binding.Owner.Subject, Messages.SystemSubject(name, subject.Kind, subject.Name), binding.Owner.Location);
            }
        }
    }
}
