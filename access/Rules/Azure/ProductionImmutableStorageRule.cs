using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR009: production audit records land in locked, write-once storage.</summary>
public sealed class ProductionImmutableStorageRule : GuardrailRule
{
    public override string Id => "AZR009";
    public override string Name => "production-immutable-audit-storage";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override string Summary => "In production the audit sink includes immutable storage with a locked policy.";
    public override string Description => "Whoever can change production can, with enough rights, also delete the workspace's records. A locked time-based retention policy makes the copy write-once: not even a subscription owner can shorten or delete it.";
    public override string Recommendation => "Set audit.immutableStorage: true and audit.storageAccount.";
    public override string Example => "audit:\n  immutableStorage: true\n  storageAccount: stauditprodweu";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzureImmutableStorage, Anchors.PsRuleAksAuditLogs];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsProduction && context.Plan.Azure.AuditSink?.ImmutableStorage is not { PolicyState: "Locked" })
        {
            yield return Found(context, "environment", Messages.NoImmutableStorage(context.Plan.Azure.AuditSink?.ImmutableStorage?.PolicyState), context.Environment.Audit.Location);
        }
    }
}
