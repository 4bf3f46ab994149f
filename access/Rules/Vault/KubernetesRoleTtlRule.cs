using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT010: minted Kubernetes tokens live no longer than the ceiling.</summary>
public sealed class KubernetesRoleTtlRule : GuardrailRule
{
    public override string Id => "VLT010";
    public override string Name => "kubernetes-role-ttl-ceiling";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    // Not waivable: the ceiling is the maximum token lifetime of the environment (itself capped per
    // tier); an exception would lift one token above it and make the ceiling advice.
    public override bool Waivable => false;
    public override string Summary => "Kubernetes secrets-engine roles set token_default_ttl and token_max_ttl above zero and at most the environment's ceiling.";
    public override string Description => "The Kubernetes token Vault mints is a bearer credential for the stage's ServiceAccount; a zero TTL falls back to the engine's default and a long one outlives the job.";
    public override string Recommendation => "Set tokenTtlCeiling and stage tokenTtl; the planner uses the stage's TTL for both fields.";
    public override string Example => "tokenTtlCeiling: 15m";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultKubernetesSecrets];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ceiling = VaultFacts.CeilingSeconds(context);
        foreach (var role in context.Plan.Vault.KubernetesSecretRoles)
        {
            foreach (var (field, value) in new[] { ("token_default_ttl", role.TokenDefaultTtl), ("token_max_ttl", role.TokenMaxTtl) })
            {
                if (value <= 0 || value > ceiling)
                {
                    yield return Found(context, role.Owner.Subject, Messages.TtlAboveCeiling($"Kubernetes secrets role {role.Name}", field, value, ceiling), role.Owner.Location, about: $"{role.Name}/{field}");
                }
            }
        }
    }
}
