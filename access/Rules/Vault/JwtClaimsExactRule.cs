using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT006: bound claims are compared as exact strings.</summary>
public sealed class JwtClaimsExactRule : GuardrailRule
{
    public override string Id => "VLT006";
    public override string Name => "jwt-claims-exact";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "Vault JWT roles use bound_claims_type string, never glob, and no claim value holds '*'.";
    public override string Description => "With bound_claims_type glob, 'example-org/*' matches every repository and 'refs/heads/*' every branch; even with string, a '*' in a value is a sign someone meant a pattern. Claims are compared as exact strings.";
    public override string Recommendation => "Bind exact repository, environment and ref values (the planner does).";
    public override string Example => "# bound_claims_type = \"string\"; bound_claims = { repository = \"example-org/payments-api\", ... }";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var role in context.Plan.Vault.JwtRoles)
        {
            if (role.BoundClaimsType != "string")
            {
                yield return Found(context, role.Owner.Subject, Messages.JwtClaimsType(role.Name, role.BoundClaimsType), role.Owner.Location);
            }

            foreach (var (claim, value) in role.BoundClaims)
            {
                if (value.Contains('*', StringComparison.Ordinal))
                {
                    yield return Found(context, role.Owner.Subject, Messages.JwtClaimGlob(role.Name, claim, value), role.Owner.Location);
                }
            }

            // The subject is judged like a claim, after the bound claims.
            if (role.BoundSubject.Contains('*', StringComparison.Ordinal))
            {
                yield return Found(context, role.Owner.Subject, Messages.JwtClaimGlob(role.Name, "sub", role.BoundSubject), role.Owner.Location);
            }
        }
    }
}
