using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT003: CI policies never reach Vault's own configuration, at any depth.</summary>
public sealed class NoSystemPathRule : GuardrailRule
{
    public override string Id => "VLT003";
    public override string Name => "no-vault-system-path";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "No Vault policy path with a segment sys, auth, identity or cubbyhole, at any depth.";
    public override string Description => "sys/ configures Vault (policies, mounts, audit), auth/ configures and logs into auth methods (a write there can create a role bound to any claims), identity/ manages entities and groups, and with them inherited policies, and cubbyhole/ is per-token storage, never a shared secret. Under Vault Enterprise namespaces the same paths sit below the namespace (ns1/sys/policies/acl/x is ns1's sys/), so the segments are refused anywhere in a path, in any case, not only first. A pipeline never needs any of them; the loader refuses them in secret mounts and secret paths too.";
    public override string Recommendation => "Keep policies to the secret mounts' data/ paths and the stage's Kubernetes secrets-engine creds path; name secrets without these segments.";
    public override string Example => "vault:\n  secretMounts: [kv-prod]\n# read-secret:\n#   paths: [kv-prod/data/payments/api]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies, Anchors.VaultNamespaces];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (policy, path) in VaultFacts.AllPaths(context.Plan))
        {
            if (VaultTopology.ReservedSegment(path.Path) is { } segment)
            {
                yield return Found(context, policy.Owner.Subject, Messages.SystemPath(policy.Name, path.Path, segment), policy.Owner.Location);
            }
        }
    }
}
