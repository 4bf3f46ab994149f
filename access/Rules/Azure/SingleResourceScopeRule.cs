using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR003: role assignments (and assignable scopes) are single resources.</summary>
public sealed partial class SingleResourceScopeRule : GuardrailRule
{
    public override string Id => "AZR003";
    public override string Name => "azure-single-resource-scope";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override string? WaiverObject => "the Azure scope";
    public override string Summary => "Role assignments and custom roles' assignable scopes are a single resource, never a management group, subscription or resource group.";
    public override string Description => "A role at subscription or resource-group scope reaches every registry, cluster and vault in it, including ones created later. The assignment scope is the one resource the stage needs (the registry), with a condition narrowing it to the named repositories.";
    public override string Recommendation => "Configure environment.azure.registry; the planner assigns on the registry's resource id.";
    public override string Example => "azure:\n  registry:\n    id: /subscriptions/.../resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/acrexampleprod";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzurePrivilegedRoles, Anchors.Azu0030];

    /// <summary>/subscriptions/S/resourceGroups/G/providers/NS/TYPE/NAME[/...]: at least one resource below the group.</summary>
    [GeneratedRegex("^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/[^/]+/[^/]+/[^/]+(/[^/]+/[^/]+)*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ResourceScope();

    public static bool IsSingleResource(string scope) => ResourceScope().IsMatch(scope);

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var assignment in context.Plan.Azure.RoleAssignments.Where(a => !IsSingleResource(a.Scope)))
        {
            yield return Found(context, assignment.Owner.Subject, Messages.BroadScope($"role assignment of {assignment.IdentityName}", assignment.Scope), assignment.Owner.Location, about: assignment.Scope);
        }

        foreach (var role in context.Plan.Azure.RoleDefinitions)
        {
            foreach (var scope in role.AssignableScopes.Where(s => !IsSingleResource(s)))
            {
                yield return Found(context, role.RoleName, Messages.BroadScope($"custom role {role.RoleName} assignable scope", scope), role.Owner.Location, about: scope);
            }
        }
    }
}
