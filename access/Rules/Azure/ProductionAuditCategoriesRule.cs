using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR007: production sends the Kubernetes audit and Entra guard logs to Log Analytics.</summary>
public sealed class ProductionAuditCategoriesRule : GuardrailRule
{
    public override string Id => "AZR007";
    public override string Name => "production-audit-logs";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override string? WaiverObject => "what is missing: `sink`, `kube-audit-admin` or `guard`";
    public override string Summary => "In production the cluster sends kube-audit-admin (or kube-audit) and guard to a Log Analytics workspace.";
    public override string Description => "kube-audit-admin records every change a pipeline makes (kube-audit also reads), and guard records the Entra and Azure RBAC decisions; without them a production change cannot be traced to the pipeline identity that made it.";
    public override string Recommendation => "Set audit.logAnalyticsWorkspace and audit.kubernetesCategories: [kube-audit-admin, guard].";
    public override string Example => "audit:\n  logAnalyticsWorkspace: law-audit-prod\n  kubernetesCategories: [kube-audit-admin, guard]";
    public override ImmutableArray<RuleLink> Links => [Anchors.PsRuleAksAuditLogs, Anchors.AzureAksAudit];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsProduction)
        {
            yield break;
        }

        var sink = context.Plan.Azure.AuditSink;
        var location = context.Environment.Audit.Location;
        if (sink is null)
        {
            yield return Found(context, "environment", Messages.NoAuditSink(), location, about: "sink");
            yield break;
        }

        if (!sink.Categories.Contains("kube-audit-admin") && !sink.Categories.Contains("kube-audit"))
        {
            yield return Found(context, "environment", Messages.MissingAuditCategory(sink.WorkspaceName, "kube-audit-admin (or kube-audit)"), location, about: "kube-audit-admin");
        }

        if (!sink.Categories.Contains("guard"))
        {
            yield return Found(context, "environment", Messages.MissingAuditCategory(sink.WorkspaceName, "guard"), location, about: "guard");
        }
    }
}
