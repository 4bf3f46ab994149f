using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>
/// K8S024: a namespace below restricted carries the override's reason, and privileged is never
/// enforced in production (a warning elsewhere).
/// </summary>
public sealed class PodSecurityOverrideRule : GuardrailRule
{
    public override string Id => "K8S024";
    public override string Name => "pod-security-override-bounded";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "A namespace enforcing a Pod Security level below restricted carries the override's reason; privileged is refused in production (a warning elsewhere).";
    public override string Description => "baseline lets pods run as root, escalate privileges and keep the default capabilities, which turns a container escape bug into a node compromise; privileged lets a pod mount the node's filesystem, join its network and PID namespaces and run privileged containers: root on the node, with the kubelet's credentials and every Secret and token mounted there, so one pipeline's token reaches every namespace scheduled on that node. A stage that may deploy, restart or run-job writes pod templates, so the level of its namespaces bounds what its token can do when the admission policies are absent or bypassed. Outside production privileged is reported as a warning: the override and its reason are the approval there. The check runs on the plan (the labels and the reason annotation the namespace will carry).";
    public override string Recommendation => "Run the workload under restricted (runAsNonRoot, drop ALL capabilities, seccomp RuntimeDefault, no privilege escalation); where it cannot, use podSecurity: {level: baseline, reason: ...} and move node-level agents to a platform namespace the platform team owns.";
    public override string Example => "podSecurity:\n  level: baseline\n  reason: the image runs nginx as root on port 80 until the rebuild in PAY-1234";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesPodSecurityStandards, Anchors.KubernetesPodSecurityAdmission];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var patch in context.Plan.Kubernetes.PodSecurity)
        {
            var level = PodSecurity.Parse(patch.Enforce);
            if (level is null or PodSecurityLevel.Restricted)
            {
                // A missing or unknown enforce value is K8S023's: the labels differ from the definition's.
                continue;
            }

            if (string.IsNullOrWhiteSpace(patch.Annotations.GetValueOrDefault(PodSecurity.ReasonAnnotation)))
            {
                yield return Found(context, patch.Owner.Subject, Messages.PodSecurityNoReason(patch.Namespace, patch.Enforce!), patch.Owner.Location, about: patch.Namespace);
            }

            if (level == PodSecurityLevel.Privileged)
            {
                yield return Found(context, patch.Owner.Subject, Messages.PodSecurityPrivileged(patch.Namespace, context.IsProduction), patch.Owner.Location,
                    context.IsProduction ? Severity.Error : Severity.Warning, about: patch.Namespace);
            }
        }
    }
}
