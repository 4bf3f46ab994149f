using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR005: federated credentials trust the configured CI issuer and audience only.</summary>
public sealed class FederatedIssuerRule : GuardrailRule
{
    public override string Id => "AZR005";
    public override string Name => "federated-issuer";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override bool Waivable => false;
    public override string Summary => "A federated credential's issuer is the configured CI issuer and its audiences exactly the configured Azure audience.";
    public override string Description => "The issuer decides whose tokens are trusted; any other issuer (another CI system, a self-hosted OIDC provider) can mint a token with the expected subject. The audience keeps tokens minted for other relying parties out.";
    public override string Recommendation => "Set ci.issuer and ci.azureAudience; the planner uses them for every credential.";
    public override string Example => "ci:\n  issuer: https://token.actions.githubusercontent.com";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzureFederatedCredentials, Anchors.Ckv249];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ci = context.Environment.Ci;
        foreach (var credential in context.Plan.Azure.FederatedCredentials)
        {
            if (credential.Issuer != ci.Issuer)
            {
                yield return Found(context, credential.Owner.Subject, Messages.FederatedIssuer(credential.Name, credential.Issuer, ci.Issuer), credential.Owner.Location);
            }

            if (credential.Audiences.Length != 1 || credential.Audiences[0] != ci.AzureAudience)
            {
                yield return Found(context, credential.Owner.Subject, Messages.FederatedAudience(credential.Name, credential.Audiences, ci.AzureAudience), credential.Owner.Location);
            }
        }
    }
}
