using System.Collections.Immutable;
using Infra.Access.Deployer;

namespace Infra.Access.Rules.Deployer;

/// <summary>DPL003: the deployer's Azure roles are custom, single-scope, and assign only the plan's roles to service principals.</summary>
public sealed class DeployerAzureNoPrivilegedRule : GuardrailRule
{
    private static readonly ImmutableHashSet<string> Privileged = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator");

    private static readonly ImmutableHashSet<string> AuthorizationActions = ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase,
        "Microsoft.Authorization/roleAssignments/read", "Microsoft.Authorization/roleAssignments/write", "Microsoft.Authorization/roleAssignments/delete",
        "Microsoft.Authorization/roleDefinitions/read", "Microsoft.Authorization/roleDefinitions/write", "Microsoft.Authorization/roleDefinitions/delete");

    public override string Id => "DPL003";
    public override string Name => "deployer-azure-no-privileged";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Deployer;
    public override bool Waivable => false;
    public override string Summary => "The deployer's Azure roles are never Owner, Contributor, User Access Administrator or Role Based Access Control Administrator, hold no wildcard action, are assignable at their one resource group or resource only, and write or delete role assignments only under the delegation condition that names the plan's role definitions and service principals.";
    public override string Description => "`Microsoft.Authorization/roleAssignments/write` without a condition is Owner in two steps: assign yourself Owner. Azure's delegation conditions (ABAC) constrain the request: `@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {...}` names the roles that may be assigned and `PrincipalType ... {'ServicePrincipal'}` keeps users and groups out; deletes are judged on the existing assignment (`@Resource[...]`). The condition must name exactly the role definitions the plan assigns on that scope. One role per scope keeps role-definition writes on the registry from re-scoping a definition to the identities' resource group.";
    public override string Recommendation => "Apply the roles and assignment conditions `access render --format deployer` writes (deployer/platform/azure.json) unchanged.";
    public override string Example => "# deployer/platform/azure.json: assignment.condition\n((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {<acr-push-prod>} AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})) AND (...delete...)";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzureDelegationConditions, Anchors.AzurePrivilegedRoles];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var location = context.Environment.Location;
        foreach (var deployer in plan.Deployers)
        {
            foreach (var role in deployer.AzureRoles)
            {
                var name = role.Definition.RoleName;
                if (Privileged.Contains(name))
                {
                    yield return Found(context, deployer.Id, Messages.DeployerAzurePrivilegedRole(name), location);
                }

                foreach (var scope in role.Definition.AssignableScopes.Append(role.Scope).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!string.Equals(scope.TrimEnd('/'), role.Scope.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) || !scope.Contains("/resourceGroups/", StringComparison.OrdinalIgnoreCase))
                    {
                        yield return Found(context, deployer.Id, Messages.DeployerAzureScope(name, scope), location);
                    }
                }

                var actions = role.Definition.Actions.Concat(role.Definition.DataActions).ToList();
                foreach (var action in actions)
                {
                    if (action.Contains('*', StringComparison.Ordinal))
                    {
                        yield return Found(context, deployer.Id, Messages.DeployerAzureWildcard(name, action), location);
                    }
                    else if (action.StartsWith("Microsoft.Authorization/", StringComparison.OrdinalIgnoreCase) && !AuthorizationActions.Contains(action))
                    {
                        yield return Found(context, deployer.Id, Messages.DeployerAzureAuthorization(name, action), location);
                    }
                }

                var assigns = actions.Any(a => a.Equals("Microsoft.Authorization/roleAssignments/write", StringComparison.OrdinalIgnoreCase)
                    || a.Equals("Microsoft.Authorization/roleAssignments/delete", StringComparison.OrdinalIgnoreCase));
                // Where the plan assigns nothing, no condition makes a role-assignment write right.
                if (assigns && (Expected(plan, role.Scope) is not { } expected || role.Condition != expected))
                {
                    yield return Found(context, deployer.Id, Messages.DeployerAzureUnconstrainedAssignment(name, role.Scope), location);
                }
            }
        }
    }

    /// <summary>The condition naming the role definitions the plan assigns on <paramref name="scope"/>; null when it assigns none there.</summary>
    private static string? Expected(Planning.Plan plan, string scope)
    {
        var ids = plan.Azure.RoleAssignments
            .Where(a => string.Equals(a.Scope.TrimEnd('/'), scope.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
            .Select(a => a.RoleDefinitionId[(a.RoleDefinitionId.LastIndexOf('/') + 1)..])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        return ids.Count == 0 ? null : DeployerPlanner.AssignmentCondition(ids);
    }
}
