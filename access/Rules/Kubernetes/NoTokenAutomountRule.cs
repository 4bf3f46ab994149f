using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S010: stage ServiceAccounts never mount a token into pods.</summary>
public sealed class NoTokenAutomountRule : GuardrailRule
{
    public override string Id => "K8S010";
    public override string Name => "no-token-automount";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "ServiceAccount as `namespace/name`";
    public override bool WaivableInSystemNamespaces => false;
    public override string Summary => "ServiceAccounts have automountServiceAccountToken: false.";
    public override string Description => "A stage's ServiceAccount is for the CI job, which gets a short-lived token from Vault. If a pod may run as it with an automounted token, anyone who can start that pod holds the pipeline's rights, for as long as the pod lives.";
    public override string Recommendation => "Keep automountServiceAccountToken false (the planner always sets it); use Vault's Kubernetes secrets engine for tokens.";
    public override string Example => "# ServiceAccount ci-payments-api-deploy: automountServiceAccountToken: false";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesServiceAccounts, new RuleLink("Trivy KSV036: no automounted ServiceAccount tokens", "https://avd.aquasec.com/misconfig/kubernetes/ksv036/")];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Plan.Kubernetes.ServiceAccounts.Where(s => s.AutomountServiceAccountToken)
            .Select(s => Found(context, s.Owner.Subject, Messages.Automount($"{s.Namespace}/{s.Name}"), s.Owner.Location, about: $"{s.Namespace}/{s.Name}"));
    }
}
