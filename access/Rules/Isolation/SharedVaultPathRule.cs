using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO003: Vault paths and auth mounts are per environment.</summary>
public sealed class SharedVaultPathRule : GuardrailRule
{
    public override string Id => "ISO003";
    public override string Name => "environment-vault-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No Vault mount (JWT auth, Kubernetes secrets engine, secret mounts) or policy path of one environment equals, lies inside or contains one of another environment; paths are compared without case or stray slashes.";
    public override string Description => "A staging stage that reads kv/data/payments/api reads the production secret if both environments name the same path on a shared Vault; a shared auth mount lets roles of one environment log in to the other's. A path inside another environment's mount (kv-prod/staging/...) or a mount around another's path reaches it just the same, so paths are compared as Vault nests them, not as strings.";
    public override string Recommendation => "Use per-environment mounts (kv-staging, kv-prod; jwt-ci-staging, jwt-ci-prod).";
    public override string Example => "vault:\n  jwtAuthPath: jwt-ci-prod\n  kubernetesSecretsPath: kubernetes-aks-prod\n  secretMounts: [kv-prod]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Overlapping(context, Claims, nested: true)
            .Select(s => Found(context, s.Mine.Owner.Subject, s.Message, s.Mine.Owner.Location));
    }

    /// <summary>
    /// Everything an environment names in Vault's one path space: its mounts (auth mounts under
    /// <c>auth/</c>) and its policies' paths, so a path inside another environment's mount, or a
    /// mount around another's path, is shared even when no string is equal.
    /// </summary>
    private static IEnumerable<Claim> Claims(Plan plan, EnvironmentDefinition? definition)
    {
        var claims = plan.Vault.Policies.SelectMany(p => p.Paths.Select(path => new Claim(SharedKeys.VaultPath(path.Path), "Vault path " + path.Path, p.Owner)))
            .Concat(plan.Vault.JwtRoles.Select(r => new Claim(SharedKeys.VaultAuthMount(r.Backend), "Vault auth mount " + r.Backend, r.Owner)))
            .Concat(plan.Vault.KubernetesSecretRoles.Select(r => new Claim(SharedKeys.VaultPath(r.Backend), "Vault secrets mount " + r.Backend, r.Owner)));
        if (definition?.Environment.Vault is not { } vault)
        {
            return claims;
        }

        var owner = Owner.Environment(vault.Location);
        return claims
            .Append(new Claim(SharedKeys.VaultAuthMount(vault.JwtAuthPath), "Vault auth mount " + vault.JwtAuthPath, owner))
            .Append(new Claim(SharedKeys.VaultPath(vault.KubernetesSecretsPath), "Vault secrets mount " + vault.KubernetesSecretsPath, owner))
            .Concat(vault.SecretMounts.Select(m => new Claim(SharedKeys.VaultPath(m), "Vault secret mount " + m, owner)));
    }
}
