using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT003: CI policies never reach Vault's own configuration.</summary>
public sealed class NoSystemPathRule : GuardrailRule
{
    private static readonly string[] Reserved = ["sys", "auth", "identity"];

    public override string Id => "VLT003";
    public override string Name => "no-vault-system-path";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "No Vault policy path under sys/, auth/ or identity/.";
    public override string Description => "sys/ configures Vault (policies, mounts, audit), auth/ configures and logs into auth methods (a write there can create a role bound to any claims), identity/ manages entities and groups, and with them inherited policies. A pipeline never needs any of them.";
    public override string Recommendation => "Keep policies to the secret mounts and the stage's Kubernetes secrets-engine role.";
    public override string Example => "vault:\n  secretMounts: [kv-prod]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VaultFacts.AllPaths(context.Plan)
            .Where(p => IsReserved(p.Path.Path))
            .Select(p => Found(context, p.Policy.Owner.Subject, Messages.SystemPath(p.Policy.Name, p.Path.Path), p.Policy.Owner.Location));
    }

    // The mount is compared in place: splitting every path of a catalog would allocate each of its segments.
    private static bool IsReserved(string path)
    {
        var trimmed = path.AsSpan().TrimStart('/');
        var slash = trimmed.IndexOf('/');
        var mount = slash < 0 ? trimmed : trimmed[..slash];
        foreach (var reserved in Reserved)
        {
            if (mount.Equals(reserved, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
