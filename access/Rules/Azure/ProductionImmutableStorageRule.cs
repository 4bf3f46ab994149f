using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Azure;

/// <summary>
/// AZR009: production audit records land in locked, write-once storage. Azure creates a time-based
/// policy only Disabled or Unlocked and locks only one that exists, so a first deployment can do no
/// more than Unlocked: it is accepted with a <c>lockBy</c> date at most <see cref="MaxLockDays"/> ahead,
/// by which the follow-up <c>pulumi up</c> declares Locked; past that date, Unlocked is a finding.
/// </summary>
public sealed class ProductionImmutableStorageRule : GuardrailRule
{
    public override string Id => "AZR009";
    public override string Name => "production-immutable-audit-storage";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    /// <summary>How long a first deployment may leave the production policy Unlocked: two weeks, one sprint's follow-up.</summary>
    public const int MaxLockDays = 14;

    public override string Summary => "In production the audit sink includes immutable storage with a locked policy; a first deployment creates it Unlocked with a lockBy date at most 14 days ahead.";
    public override string Description => "Whoever can change production can, with enough rights, also delete the workspace's records. A locked time-based retention policy makes the copy write-once: not even a subscription owner can shorten or delete it. Azure creates a policy only Disabled or Unlocked, and only an Unlocked one can be locked later, so the storage is deployed in two steps: created Unlocked (immutabilityPolicy: Unlocked, lockBy: DATE), then locked by a follow-up pulumi up (immutabilityPolicy: Locked, the default). An Unlocked policy can still be shortened or deleted, so it is accepted only until lockBy.";
    public override string Recommendation => "Set audit.immutableStorage: true and audit.storageAccount; once the storage exists, immutabilityPolicy: Locked (the default) and no lockBy.";
    public override string Example => "audit:\n  immutableStorage: true\n  storageAccount: stauditprodweu\n  # first deployment only: immutabilityPolicy: Unlocked, lockBy: 2026-12-08";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzureImmutableStorage, Anchors.PsRuleAksAuditLogs];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsProduction)
        {
            yield break;
        }

        var audit = context.Environment.Audit;
        var state = context.Plan.Azure.AuditSink?.ImmutableStorage?.PolicyState;
        if (state == AuditSettings.Locked)
        {
            yield break;
        }

        if (state != AuditSettings.Unlocked)
        {
            yield return Found(context, "environment", Messages.NoImmutableStorage(state), audit.Location);
        }
        else if (audit.LockBy is not { } lockBy)
        {
            yield return Found(context, "environment", Messages.UnlockedWithoutLockBy(), audit.Location);
        }
        else if (lockBy < context.Today)
        {
            yield return Found(context, "environment", Messages.LockOverdue(lockBy), audit.Location);
        }
        else if (lockBy > context.Today.AddDays(MaxLockDays))
        {
            yield return Found(context, "environment", Messages.LockTooFar(lockBy, context.Today.AddDays(MaxLockDays)), audit.Location);
        }
    }
}
