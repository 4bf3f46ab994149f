using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT001: Vault policies name exact paths.</summary>
public sealed class NoPolicyGlobRule : GuardrailRule
{
    public override string Id => "VLT001";
    public override string Name => "no-vault-policy-glob";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "No glob '*' or segment wildcard '+' in Vault policy paths.";
    public override string Description => "'kv/data/payments/*' matches every secret written under the prefix later, by anyone; '+' matches any one segment, so 'kv/data/+/api' reads every team's api secret. A stage's policy lists the exact secrets it reads or writes, so a reviewer sees the whole grant.";
    public override string Recommendation => "List every secret path the stage needs under read-secret or write-secret.";
    public override string Example => "capabilities:\n  - read-secret:\n      paths: [kv-prod/data/payments/api]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return VaultFacts.AllPaths(context.Plan)
            .Where(p => p.Path.Path.Contains('*', StringComparison.Ordinal) || p.Path.Path.Contains('+', StringComparison.Ordinal))
            .Select(p => Found(context, p.Policy.Owner.Subject, Messages.PolicyGlob(p.Policy.Name, p.Path.Path), p.Policy.Owner.Location));
    }
}
