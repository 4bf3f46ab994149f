using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT004: a JWT role accepts tokens of its pipeline's repository (and ref) only.</summary>
public sealed class JwtClaimsPinRepositoryRule : GuardrailRule
{
    public override string Id => "VLT004";
    public override string Name => "jwt-claims-pin-repository";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "Vault JWT roles bind the repository claim, the exact subject and (when set) the ref of their pipeline.";
    public override string Description => "A JWT role without a repository claim accepts a token from any repository of the CI organisation: any fork or side project could log in as the pipeline. The bound subject pins repository and CI environment together, and the ref claim keeps feature branches out. No other Vault linter looks at auth roles.";
    public override string Recommendation => "Keep the pipeline's repository (and ref) in the definition; the planner binds repository, environment and ref claims and the subject.";
    public override string Example => "repository: example-org/payments-api\nref: refs/heads/main   # bound_claims: repository, environment, ref";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultJwtAuth, Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var role in context.Plan.Vault.JwtRoles)
        {
            var identity = context.IdentityOf(role.Owner);
            var pipeline = context.PipelineOf(role.Owner);
            if (identity is null || pipeline is null)
            {
                yield return Found(context, role.Owner.Subject, Messages.JwtNoIdentity(role.Name), role.Owner.Location);
                continue;
            }

            if (!role.BoundClaims.TryGetValue("repository", out var repository) || repository != identity.Repository)
            {
                yield return Found(context, role.Owner.Subject, Messages.JwtClaim(role.Name, "repository", repository, identity.Repository), role.Owner.Location);
            }

            if (role.BoundSubject != identity.CiSubject)
            {
                yield return Found(context, role.Owner.Subject, Messages.JwtClaim(role.Name, "sub", role.BoundSubject, identity.CiSubject), role.Owner.Location);
            }

            if (pipeline.Ref is { } gitRef && (!role.BoundClaims.TryGetValue("ref", out var boundRef) || boundRef != gitRef))
            {
                yield return Found(context, role.Owner.Subject, Messages.JwtClaim(role.Name, "ref", role.BoundClaims.GetValueOrDefault("ref"), gitRef), role.Owner.Location);
            }
        }
    }
}
