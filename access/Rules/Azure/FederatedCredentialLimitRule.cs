using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR006: at most 20 federated credentials per managed identity (Azure's limit).</summary>
public sealed class FederatedCredentialLimitRule : GuardrailRule
{
    public const int Limit = 20;

    public override string Id => "AZR006";
    public override string Name => "federated-credential-limit";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override string? WaiverObject => "the managed identity name";
    public override string Summary => "At most 20 federated credentials per managed identity.";
    public override string Description => "Azure rejects the 21st federated credential on a user-assigned managed identity, so `pulumi up` would fail half-way. Many credentials on one identity also mean many subjects share its rights.";
    public override string Recommendation => "Give each stage its own identity (the planner does); do not hang many subjects on one identity.";
    public override string Example => "# one identity per stage, one federated credential each";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzureFederatedCredentials];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Plan.Azure.FederatedCredentials
            .GroupBy(c => c.IdentityName, StringComparer.Ordinal)
            .Where(g => g.Count() > Limit)
            .Select(g => Found(context, g.First().Owner.Subject, Messages.TooManyCredentials(g.Key, g.Count(), Limit), g.First().Owner.Location, about: g.Key));
    }
}
