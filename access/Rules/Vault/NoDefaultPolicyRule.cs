using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT008: CI tokens carry their stage's policy only.</summary>
public sealed class NoDefaultPolicyRule : GuardrailRule
{
    public override string Id => "VLT008";
    public override string Name => "jwt-no-default-policy";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override string? WaiverObject => "the JWT role name";
    public override string Summary => "Vault JWT roles set token_no_default_policy and never attach the default or root policy.";
    public override string Description => "Vault's default policy grants cubbyhole, token self-management and response-wrapping to every token, and is edited outside this definition; root is everything. A CI token should carry exactly its stage's policy.";
    public override string Recommendation => "Keep token_no_default_policy true and token_policies to the stage's policy (the planner does).";
    public override string Example => "# token_policies = [\"ci-prod-payments-api-deploy\"], token_no_default_policy = true";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies, Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var role in context.Plan.Vault.JwtRoles)
        {
            if (!role.TokenNoDefaultPolicy)
            {
                yield return Found(context, role.Owner.Subject, Messages.DefaultPolicy(role.Name, "token_no_default_policy is false"), role.Owner.Location, about: role.Name);
            }

            foreach (var policy in role.TokenPolicies.Where(p => p is "default" or "root"))
            {
                yield return Found(context, role.Owner.Subject, Messages.DefaultPolicy(role.Name, $"token_policies lists '{policy}'"), role.Owner.Location, about: role.Name);
            }
        }
    }
}
