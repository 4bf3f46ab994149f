using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S008: no writes to the objects that decide who may do what.</summary>
public sealed class NoSensitiveWritesRule : GuardrailRule
{
    private static readonly (string Group, string Resource)[] Sensitive =
    [
        ("rbac.authorization.k8s.io", "roles"), ("rbac.authorization.k8s.io", "rolebindings"),
        ("rbac.authorization.k8s.io", "clusterroles"), ("rbac.authorization.k8s.io", "clusterrolebindings"),
        ("networking.k8s.io", "networkpolicies"),
        ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"), ("admissionregistration.k8s.io", "validatingwebhookconfigurations"),
        ("admissionregistration.k8s.io", "validatingadmissionpolicies"), ("admissionregistration.k8s.io", "validatingadmissionpolicybindings"),
        ("certificates.k8s.io", "certificatesigningrequests"), ("certificates.k8s.io", "certificatesigningrequests/approval"),
        ("certificates.k8s.io", "certificatesigningrequests/status"),
    ];

    public override string Id => "K8S008";
    public override string Name => "no-security-object-writes";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No writes to RBAC objects, NetworkPolicies, admission webhook or policy configurations, or CertificateSigningRequests.";
    public override string Description => "Writing a Role or binding grants anything; writing a NetworkPolicy opens the namespace boundary; a webhook configuration sees (and can change) every object admitted; creating and approving a CSR mints a client certificate for any user, system:masters included. These objects belong to the platform's Pulumi program, never to a pipeline.";
    public override string Recommendation => "Change RBAC, network policies and admission configuration through this definition and `pulumi up`, not from a pipeline.";
    public override string Example => "network:\n  egress:\n    - cidr: 10.50.32.0/24\n      ports: [5432]   # the flow is declared here; the pipeline never writes NetworkPolicies";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ksv050, Anchors.Ksv055, Anchors.Ksv056, Anchors.Ksv114, Anchors.Ckv155, Anchors.Ckv156];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (role, number, rule) in Rbac.AllRules(context.Plan))
        {
            // The write verbs are collected only for a rule on a sensitive resource, which almost no rule is.
            List<string>? verbs = null;
            foreach (var (group, resource) in Sensitive)
            {
                if (!rule.Resources.Contains(resource) || !rule.ApiGroups.Contains(group))
                {
                    continue;
                }

                verbs ??= [.. rule.Verbs.Where(v => WriteAccess.IsKubernetesWrite(v))];
                if (verbs.Count > 0)
                {
                    yield return Found(context, role.Owner.Subject, Messages.SensitiveWrite(Rbac.Describe(role, number), group, resource, verbs), role.Owner.Location);
                }
            }
        }
    }
}
