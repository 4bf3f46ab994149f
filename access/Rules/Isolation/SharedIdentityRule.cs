using System.Collections.Immutable;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO002: a CI subject or managed identity serves one environment only.</summary>
public sealed class SharedIdentityRule : GuardrailRule
{
    public override string Id => "ISO002";
    public override string Name => "environment-identity-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No CI subject (JWT bound subject, federated credential subject) or managed identity of one environment appears in another environment's plan; names are compared the way GitHub and Azure compare them (ignoring case).";
    public override string Description => "If a staging job's OIDC token carries the same subject a production role trusts, the staging job can log into production. Subjects carry the CI environment, so each environment needs its own CI environment names and its own managed identities.";
    public override string Recommendation => "Give each environment its own ci.environment and ci.approvalEnvironment, and its own Azure resource group for identities.";
    public override string Example => "# staging: ci.environment staging -> repo:example-org/payments-api:environment:staging\n# prod:    ci.environment prod    -> repo:example-org/payments-api:environment:prod";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.AzureFederatedCredentials];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // CI subjects are built from GitHub names, which GitHub compares ignoring case; resource
        // group and identity names are Azure names, which Azure compares ignoring case.
        return CrossEnvironment.Overlapping(context, (plan, _) =>
                plan.Vault.JwtRoles.Select(r => new Claim("subject " + SharedKeys.Name(r.BoundSubject), "CI subject " + r.BoundSubject, r.Owner))
                    .Concat(plan.Azure.FederatedCredentials.Select(c => new Claim("subject " + SharedKeys.Name(c.Subject), "CI subject " + c.Subject, c.Owner)))
                    .Concat(plan.Azure.ManagedIdentities.Select(m => new Claim(
                        $"identity {SharedKeys.Name(m.ResourceGroup)}/{SharedKeys.Name(m.Name)}", $"managed identity {m.ResourceGroup}/{m.Name}", m.Owner))),
                nested: false)
            .Select(s => Found(context, s.Mine.Owner.Subject, s.Message, s.Mine.Owner.Location));
    }
}
