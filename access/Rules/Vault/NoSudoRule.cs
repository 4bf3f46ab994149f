using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT002: no sudo (root-protected paths) in CI policies.</summary>
public sealed class NoSudoRule : GuardrailRule
{
    public override string Id => "VLT002";
    public override string Name => "no-vault-sudo";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "No sudo capability in Vault policies.";
    public override string Description => "sudo opens Vault's root-protected endpoints (audit devices, auth and secret engine mounts, policies, raw storage). With it a pipeline could switch off audit or mint itself any policy.";
    public override string Recommendation => "Use read, create and update on exact secret paths only.";
    public override string Example => "# path \"kv-prod/data/payments/api\" { capabilities = [\"read\"] }";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VaultFacts.AllPaths(context.Plan)
            .Where(p => p.Path.Capabilities.Contains("sudo") || p.Path.Capabilities.Contains("root"))
            .Select(p => Found(context, p.Policy.Owner.Subject, Messages.Sudo(p.Policy.Name, p.Path.Path), p.Policy.Owner.Location));
    }
}
