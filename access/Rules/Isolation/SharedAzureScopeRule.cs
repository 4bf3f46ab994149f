using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO004: Azure scopes are per environment.</summary>
public sealed class SharedAzureScopeRule : GuardrailRule
{
    public override string Id => "ISO004";
    public override string Name => "environment-azure-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No Azure id of one environment (role assignment scope, custom role assignable scope, cluster, registry, identity resource group) equals, lies inside or contains one of another environment; ids are compared as ARM compares them (ignoring case and stray slashes).";
    public override string Description => "A staging build stage assigned on the production registry pushes images production pulls: the staging pipeline, with its weaker gate, ships to production. A scope that contains another environment's resource (a resource group or subscription holding the production registry) reaches it as surely as the resource's own id.";
    public override string Recommendation => "Give each environment its own registry and cluster.";
    public override string Example => "azure:\n  registry:\n    id: /subscriptions/.../registries/acrexampleprod";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzurePrivilegedRoles];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Overlapping(context, Claims, nested: true)
            .Select(s => Found(context, s.Mine.Owner.Subject, s.Message, s.Mine.Owner.Location));
    }

    /// <summary>
    /// Every Azure id an environment names, as ARM compares them (ignoring case and stray slashes):
    /// the scopes it assigns on, its cluster, registry and identity resource group. A scope that
    /// contains another environment's resource (its resource group, its subscription) reaches it.
    /// </summary>
    private static IEnumerable<Claim> Claims(Plan plan, EnvironmentDefinition? definition)
    {
        var claims = plan.Azure.RoleAssignments.Select(a => Scope(a.Scope, a.Owner))
            .Concat(plan.Azure.RoleDefinitions.SelectMany(r => r.AssignableScopes.Select(s => Scope(s, r.Owner))))
            .Concat(plan.Azure.AuditSink is { } sink ? [Named("audited cluster", sink.ClusterResourceId, sink.Owner)] : []);
        if (definition is null)
        {
            return claims;
        }

        // After the plan's claims: a plan entry at the same line names the finding.
        var env = definition.Environment;
        claims = claims.Append(Named("cluster", env.Cluster.ResourceId, Owner.Environment(env.Cluster.Location)));
        if (env.Azure is { } azure)
        {
            claims = claims.Append(Named(
                "identity resource group", $"/subscriptions/{azure.SubscriptionId}/resourceGroups/{azure.ResourceGroup}", Owner.Environment(azure.SourceLocation)));
            if (azure.Registry is { } registry)
            {
                claims = claims.Append(Named("registry", registry.Id, Owner.Environment(registry.Location)));
            }
        }

        return claims;
    }

    private static Claim Scope(string scope, Owner owner) => Named("Azure scope", scope, owner);

    private static Claim Named(string what, string id, Owner owner)
    {
        var key = SharedKeys.ArmId(id);
        return new Claim(key, $"{what} {key}", owner);
    }
}
