using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT007: CI tokens are short-lived and cannot outlive the environment's ceiling.</summary>
public sealed class JwtTokenTtlRule : GuardrailRule
{
    public override string Id => "VLT007";
    public override string Name => "jwt-token-ttl-ceiling";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    // Not waivable: the ceiling is the maximum token lifetime of the environment (itself capped per
    // tier); an exception would lift one token above it and make the ceiling advice.
    public override bool Waivable => false;
    public override string Summary => "Vault JWT roles set token_ttl, token_max_ttl and token_explicit_max_ttl above zero and at most the environment's ceiling.";
    public override string Description => "A zero TTL means Vault's system default (32 days); without an explicit max the token can be renewed past the ceiling. A CI token should die with the job.";
    public override string Recommendation => "Set tokenTtlCeiling for the environment and, per stage, a tokenTtl no larger.";
    public override string Example => "tokenTtlCeiling: 15m\n...\n  - name: verify\n    tokenTtl: 5m";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ceiling = VaultFacts.CeilingSeconds(context);
        foreach (var role in context.Plan.Vault.JwtRoles)
        {
            // The planner sets all three fields from one value (the stage's tokenTtl): one cause, one
            // finding per role, naming every field out of range.
            var wrong = VaultFacts.OutOfRange(ceiling, ("token_ttl", role.TokenTtl), ("token_max_ttl", role.TokenMaxTtl), ("token_explicit_max_ttl", role.TokenExplicitMaxTtl));
            if (wrong.Count > 0)
            {
                yield return Found(context, role.Owner.Subject, Messages.TtlsAboveCeiling($"JWT role {role.Name}", wrong, ceiling), role.Owner.Location, about: role.Name);
            }
        }
    }
}
