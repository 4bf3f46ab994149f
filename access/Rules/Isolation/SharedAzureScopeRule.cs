using System.Collections.Immutable;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO004: Azure scopes are per environment.</summary>
public sealed class SharedAzureScopeRule : GuardrailRule
{
    public override string Id => "ISO004";
    public override string Name => "environment-azure-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No Azure scope (role assignment scope, custom role assignable scope, audited cluster) of one environment appears in another environment's plan.";
    public override string Description => "A staging build stage assigned on the production registry pushes images production pulls: the staging pipeline, with its weaker gate, ships to production.";
    public override string Recommendation => "Give each environment its own registry and cluster.";
    public override string Example => "azure:\n  registry:\n    id: /subscriptions/.../registries/acrexampleprod";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzurePrivilegedRoles];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Shared(context, plan =>
                plan.Azure.RoleAssignments.Select(a => ("Azure scope " + a.Scope.ToUpperInvariant(), a.Owner))
                    .Concat(plan.Azure.RoleDefinitions.SelectMany(r => r.AssignableScopes.Select(s => ("Azure scope " + s.ToUpperInvariant(), r.Owner))))
                    .Concat(plan.Azure.AuditSink is { } sink ? [("audited cluster " + sink.ClusterResourceId.ToUpperInvariant(), sink.Owner)] : []))
            .Select(s => Found(context, s.Owner.Subject, Messages.Shared("", s.Key, s.Environment), s.Owner.Location));
    }
}
