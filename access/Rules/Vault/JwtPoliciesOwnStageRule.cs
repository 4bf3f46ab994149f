using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT009: a JWT role attaches its own stage's policy only.</summary>
public sealed class JwtPoliciesOwnStageRule : GuardrailRule
{
    public override string Id => "VLT009";
    public override string Name => "jwt-policies-own-stage";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "Every policy a Vault JWT role attaches is declared in the plan for the same stage.";
    public override string Description => "A policy that is not in the plan was written by hand and never reviewed with the definition; another stage's policy gives this stage that stage's secrets. Either breaks one identity per stage.";
    public override string Recommendation => "Let the planner name the stage's policy; ask for capabilities instead of extra policies.";
    public override string Example => "# JWT role ci-payments-api-deploy -> token_policies [ci-prod-payments-api-deploy] (same stage)";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Keyed once, not scanned per role: a catalog of thousands of stages has thousands of policies.
        var policies = Keyed.FirstByKey(context.Plan.Vault.Policies, p => p.Name, StringComparer.Ordinal);
        foreach (var role in context.Plan.Vault.JwtRoles)
        {
            foreach (var name in role.TokenPolicies.Where(p => p is not ("default" or "root")))
            {
                var policy = policies.GetValueOrDefault(name);
                if (policy is null || policy.Owner.Subject != role.Owner.Subject)
                {
                    yield return Found(context, role.Owner.Subject, Messages.ForeignPolicy(role.Name, name, policy?.Owner.Subject), role.Owner.Location);
                }
            }
        }
    }
}
