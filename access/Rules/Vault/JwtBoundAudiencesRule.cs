using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT005: JWT roles accept tokens minted for Vault's audience only.</summary>
public sealed class JwtBoundAudiencesRule : GuardrailRule
{
    public override string Id => "VLT005";
    public override string Name => "jwt-bound-audiences";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override string? WaiverObject => "the JWT role name";
    public override string Summary => "Vault JWT roles set bound_audiences to the configured CI audience, and nothing else.";
    public override string Description => "Without bound audiences Vault accepts a CI token minted for any other service (a cloud provider, a package registry): a token leaked to one relying party unlocks Vault too.";
    public override string Recommendation => "Set environment.ci.audience; the planner binds every JWT role to it.";
    public override string Example => "ci:\n  audience: https://github.com/example-org";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultJwtAuth, Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var audience = context.Environment.Ci.Audience;
        return context.Plan.Vault.JwtRoles
            .Where(r => r.BoundAudiences.IsEmpty || r.BoundAudiences.Any(a => a != audience))
            .Select(r => Found(context, r.Owner.Subject, Messages.JwtAudiences(r.Name, r.BoundAudiences, audience), r.Owner.Location, about: r.Name));
    }
}
