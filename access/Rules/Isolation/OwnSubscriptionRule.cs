using System.Collections.Immutable;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO008: every Azure id an environment names lies in its own subscription.</summary>
public sealed class OwnSubscriptionRule : GuardrailRule
{
    public override string Id => "ISO008";
    public override string Name => "azure-own-subscription";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "Every Azure id an environment names (cluster.resourceId, registry.id, role assignment and assignable scopes, audited cluster) lies in its own azure.subscriptionId (GUIDs compared ignoring case).";
    public override string Description => "The stack's Azure provider deploys into azure.subscriptionId, and the program checks that it is the environment's. An id in another subscription (another environment's, or one no environment declares) reaches past that check: a role assignment there grants this environment's pipelines rights in a subscription its stack does not own. Checked on every definition alone, so it holds even when the other environment is not in the repository.";
    public override string Recommendation => "Name the environment's own cluster and registry, in its own subscription; give a resource in another subscription its own environment.";
    public override string Example => "azure:\n  subscriptionId: 0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e\n  registry:\n    id: /subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/acrexampleprod";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzurePrivilegedRoles];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Environment;
        if (env.Azure is not { } azure)
        {
            return [];
        }

        var plan = context.Plan;
        var named = new List<(string What, string Id, Planning.Owner Owner)>
        {
            ("cluster.resourceId", env.Cluster.ResourceId, Planning.Owner.Environment(env.Cluster.Location)),
        };
        if (azure.Registry is { } registry)
        {
            named.Add(("registry.id", registry.Id, Planning.Owner.Environment(registry.Location)));
        }

        named.AddRange(plan.Azure.RoleAssignments.Select(a => ("role assignment scope", a.Scope, a.Owner)));
        named.AddRange(plan.Azure.RoleDefinitions.SelectMany(r => r.AssignableScopes.Select(s => ("assignable scope", s, r.Owner))));
        if (plan.Azure.AuditSink is { } sink)
        {
            named.Add(("audited cluster", sink.ClusterResourceId, sink.Owner));
        }

        // One finding per id, at its first declaration: every stage's assignment on one registry is one mistake.
        return named
            .Where(n => SharedKeys.SubscriptionOf(n.Id) is not { } subscription || !SharedKeys.SameSubscription(subscription, azure.SubscriptionId))
            .GroupBy(n => SharedKeys.ArmId(n.Id), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.OrderBy(n => n.Owner.Location).First())
            .Select(n => Found(context, n.Owner.Subject,
                SharedKeys.SubscriptionOf(n.Id) is null ? Messages.NoSubscription(n.What, n.Id, azure.SubscriptionId) : Messages.OutsideSubscription(n.What, n.Id, azure.SubscriptionId),
                n.Owner.Location));
    }
}
