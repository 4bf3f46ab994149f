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
        // One cause, one finding: a stage's tokenTtl above the ceiling is reported once, by VLT007 on
        // the stage's JWT role. This rule reports a secrets role only for a lifetime that finding does
        // not already name (a value of its own, or a stage whose JWT role is within the ceiling).
        var reportedByJwtRole = context.Plan.Vault.JwtRoles
            .SelectMany(r => new[] { r.TokenTtl, r.TokenMaxTtl, r.TokenExplicitMaxTtl }.Where(v => v <= 0 || v > ceiling).Select(v => (r.Owner.Subject, v)))
            .ToHashSet();
        foreach (var role in context.Plan.Vault.KubernetesSecretRoles)
        {
            var wrong = VaultFacts.OutOfRange(ceiling, ("token_default_ttl", role.TokenDefaultTtl), ("token_max_ttl", role.TokenMaxTtl));
            if (wrong.Count > 0 && !wrong.All(w => reportedByJwtRole.Contains((role.Owner.Subject, w.Value))))
            {
                yield return Found(context, role.Owner.Subject, Messages.TtlsAboveCeiling($"Kubernetes secrets role {role.Name}", wrong, ceiling), role.Owner.Location, about: role.Name);
            }
        }
    }
}
