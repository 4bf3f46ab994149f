using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S005: CI reads secrets from Vault, never from Kubernetes Secrets.</summary>
public sealed class NoSecretAccessRule : GuardrailRule
{
    public override string Id => "K8S005";
    public override string Name => "no-kubernetes-secret-access";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "Role as `namespace/name`";
    public override bool WaivableInSystemNamespaces => false;
    public override string Summary => "No access to Kubernetes Secrets, with any verb (CI reads secrets from Vault only).";
    public override string Description => "list and watch on secrets return their values, get on one Secret returns it whole, and write access can plant a ServiceAccount token Secret. CI reads exactly the Vault paths its stage names, audited and short-lived; Kubernetes Secrets are for workloads, not pipelines.";
    public override string Recommendation => "Use the read-secret capability with exact Vault paths.";
    public override string Example => "capabilities:\n  - read-secret:\n      paths: [kv-prod/data/payments/api]";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ckv2K8s5, Anchors.Ksv041, Anchors.Ksv113];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Rbac.AllRules(context.Plan)
            .Where(r => r.Rule.Resources.Contains("secrets") && Rbac.Covers(r.Rule, Rbac.CoreGroup, "secrets"))
            .Select(r => Found(context, r.Role.Owner.Subject, Messages.SecretAccess(Rbac.Describe(r.Role, r.Number), r.Rule.Verbs), r.Role.Owner.Location, about: $"{r.Role.Namespace}/{r.Role.Name}"));
    }
}
