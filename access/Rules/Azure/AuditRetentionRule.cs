using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR008: audit records are kept at least as long as the tier's floor.</summary>
public sealed class AuditRetentionRule : GuardrailRule
{
    public override string Id => "AZR008";
    public override string Name => "audit-retention-floor";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override string? WaiverObject => "the retention setting: `audit.retentionDays`, `workspace <name>` or `immutable storage <account>`";
    public override string Summary => "Audit retention is at least the tier's floor: 365 days in production, 30 elsewhere (definition, workspace and immutable storage).";
    public override string Description => "Investigations start weeks or months after the fact; logs deleted before then prove nothing. The floor applies to the definition's retentionDays and to what the plan declares for the workspace and the immutable storage.";
    public override string Recommendation => "Raise audit.retentionDays to at least the floor.";
    public override string Example => "audit:\n  retentionDays: 365";
    public override ImmutableArray<RuleLink> Links => [Anchors.PsRuleAksAuditLogs, Anchors.AzureImmutableStorage];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var floor = AuditFloor.Days(context.IsProduction);
        var location = context.Environment.Audit.Location;
        var days = context.Environment.Audit.RetentionDays;
        var declared = new List<(string What, int Days)> { ("audit.retentionDays", days) };
        if (context.Plan.Azure.AuditSink is { } sink)
        {
            declared.Add(($"workspace {sink.WorkspaceName}", sink.RetentionDays));
            if (sink.ImmutableStorage is { } storage)
            {
                declared.Add(($"immutable storage {storage.AccountName}", storage.RetentionDays));
            }
        }

        // One cause, one finding: the planner gives the workspace and the storage the definition's
        // retentionDays, so a low value there is reported once, at the field; a sink is reported on
        // its own only when it keeps less than the definition says (a planner bug, an edited plan).
        return declared.Where((d, i) => d.Days < floor && (i == 0 || days >= floor || d.Days != days)).Select(d => Found(context, "environment", Messages.Retention(d.What, d.Days, floor), location, about: d.What));
    }
}
