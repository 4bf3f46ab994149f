using System.Collections.Immutable;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO003: Vault paths and auth mounts are per environment.</summary>
public sealed class SharedVaultPathRule : GuardrailRule
{
    public override string Id => "ISO003";
    public override string Name => "environment-vault-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No Vault policy path, JWT auth mount or Kubernetes secrets mount of one environment appears in another environment's plan.";
    public override string Description => "A staging stage that reads kv/data/payments/api reads the production secret if both environments name the same path on a shared Vault; a shared auth mount lets roles of one environment log in to the other's.";
    public override string Recommendation => "Use per-environment mounts (kv-staging, kv-prod; jwt-ci-staging, jwt-ci-prod).";
    public override string Example => "vault:\n  jwtAuthPath: jwt-ci-prod\n  kubernetesSecretsPath: kubernetes-aks-prod\n  secretMounts: [kv-prod]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Shared(context, plan =>
                plan.Vault.Policies.SelectMany(p => p.Paths.Select(path => ("Vault path " + path.Path, p.Owner)))
                    .Concat(plan.Vault.JwtRoles.Select(r => ("Vault auth mount " + r.Backend, r.Owner)))
                    .Concat(plan.Vault.KubernetesSecretRoles.Select(r => ("Vault secrets mount " + r.Backend, r.Owner))))
            .Select(s => Found(context, s.Owner.Subject, Messages.Shared("", s.Key, s.Environment), s.Owner.Location));
    }
}
