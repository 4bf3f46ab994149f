using System.Collections.Immutable;
using Infra.Access.Rules.Vault;

namespace Infra.Access.Rules.Separation;

/// <summary>SOD003: only dedicated secret-rotation stages write secrets.</summary>
public sealed class OnlyRotationWritesSecretsRule : GuardrailRule
{
    private static readonly string[] WriteCapabilities = ["create", "update", "patch", "delete"];

    public override string Id => "SOD003";
    public override string Name => "only-rotation-writes-secrets";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Separation;
    public override string? WaiverObject => "the Vault path";
    public override string Summary => "Only secret-rotation stages (that do nothing but read and write secrets) write Vault secrets.";
    public override string Description => "A stage that can both change secrets and deploy or push can swap a credential and ship code that uses it, leaving no second step to notice. Rotation is its own stage with no Kubernetes or Azure rights. (The update capability on the stage's own Kubernetes secrets-engine creds path is how tokens are minted, not a secret write.)";
    public override string Recommendation => "Move write-secret into a stage of its own (a secret-rotation pipeline), with only read-secret beside it.";
    public override string Example => "stages:\n  - name: rotate\n    capabilities:\n      - read-secret: {paths: [kv-prod/data/payments/api]}\n      - write-secret: {paths: [kv-prod/data/payments/api]}";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var credsPrefix = context.Environment.Vault.KubernetesSecretsPath + "/creds/";
        var otherRights = context.Plan.Kubernetes.Roles.Select(r => r.Owner.Subject)
            .Concat(context.Plan.Azure.RoleAssignments.Select(a => a.Owner.Subject))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (policy, path) in VaultFacts.AllPaths(context.Plan))
        {
            // A lambda, not the method group: its delegate is cached, a method group's is built per path.
            if (path.Capabilities.Any(c => WriteCapabilities.Contains(c)) && !path.Path.StartsWith(credsPrefix, StringComparison.Ordinal) && otherRights.Contains(policy.Owner.Subject))
            {
                yield return Found(context, policy.Owner.Subject, Messages.SecretWriterDoesMore(policy.Owner.Subject, path.Path), policy.Owner.Location, about: path.Path);
            }
        }
    }
}
