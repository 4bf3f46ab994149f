using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO006: CI environments (and their approval gates) belong to one environment.</summary>
public sealed class SharedCiEnvironmentRule : GuardrailRule
{
    public override string Id => "ISO006";
    public override string Name => "environment-ci-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No CI environment (ci.environment, ci.approvalEnvironment, a stage's CI environment, a JWT role's bound environment claim) of one environment is a CI environment of another; GitHub environment names are compared ignoring case.";
    public override string Description => "The CI environment is what a pipeline's OIDC token carries and what an approval gates. If staging's approval environment is production's (or Prod beside prod, which GitHub treats as one environment), a job approved for staging gets a token production trusts, and one approval opens both.";
    public override string Recommendation => "Give each environment its own ci.environment and ci.approvalEnvironment, named after it (staging, staging-approval; prod, prod-approval).";
    public override string Example => "# stacks/staging.yaml: ci: { environment: staging, approvalEnvironment: staging-approval }\n# stacks/prod.yaml:    ci: { environment: prod, approvalEnvironment: prod-approval }";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Overlapping(context, Claims, nested: false)
            .Select(s => Found(context, s.Mine.Owner.Subject, s.Message, s.Mine.Owner.Location));
    }

    private static IEnumerable<Claim> Claims(Plan plan, EnvironmentDefinition? definition)
    {
        // The identities' CI environments, and what the JWT roles actually bind (a plan built some other way may differ).
        var claims = plan.Identities.Select(i => Named(i.CiEnvironment, new Owner(i.Pipeline, i.Stage, i.Location)))
            .Concat(plan.Vault.JwtRoles.Where(r => r.BoundClaims.ContainsKey("environment")).Select(r => Named(r.BoundClaims["environment"], r.Owner)));
        if (definition?.Environment.Ci is not { } ci)
        {
            return claims;
        }

        // The environment's own names first: they come first in the file, so the finding points at them.
        var owner = Owner.Environment(ci.Location);
        return new[] { ci.Environment, ci.ApprovalEnvironment }.OfType<string>().Select(n => Named(n, owner)).Concat(claims);
    }

    private static Claim Named(string name, Owner owner) => new(SharedKeys.Name(name), $"CI environment '{name}'", owner);
}
