using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S004: no shell, attach, port-forward or node proxy.</summary>
public sealed class NoPodShellRule : GuardrailRule
{
    private static readonly (string Group, string Resource)[] Resources =
        [(Rbac.CoreGroup, "pods/exec"), (Rbac.CoreGroup, "pods/attach"), (Rbac.CoreGroup, "pods/portforward"), (Rbac.CoreGroup, "nodes/proxy")];

    public override string Id => "K8S004";
    public override string Name => "no-pod-shell-or-node-proxy";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No pods/exec, pods/attach, pods/portforward or nodes/proxy, with any verb.";
    public override string Description => "A shell or attach in a pod reads its mounted secrets and acts as its ServiceAccount; port-forward reaches services the network policies close; nodes/proxy reaches the kubelet API and from there every pod of the node. Any verb counts: exec and attach are authorized as create or get depending on the client.";
    public override string Recommendation => "Use read-logs or read-status to observe, and a run-job capability to run a task; never exec into pods from CI.";
    public override string Example => "capabilities:\n  - read-logs:      # pods get/list and pods/log get\n  - read-status:";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ckv2K8s2, Anchors.Ksv047, Anchors.Ksv053, Anchors.Ksv054];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (role, number, rule) in Rbac.AllRules(context.Plan))
        {
            foreach (var (group, resource) in Resources)
            {
                if (!rule.Resources.Contains(resource) || !Rbac.Covers(rule, group, resource))
                {
                    continue;
                }

                yield return Found(context, role.Owner.Subject, Messages.PodShell(Rbac.Describe(role, number), resource), role.Owner.Location);
            }
        }
    }
}
