using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR002: no assignment of Azure's administrator roles.</summary>
public sealed class NoPrivilegedRoleRule : GuardrailRule
{
    /// <summary>Built-in role GUIDs are the same in every tenant.</summary>
    private static readonly (string Name, string Guid)[] Privileged =
    [
        ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
        ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
        ("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c6a72d09"),
        ("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    ];

    public override string Id => "AZR002";
    public override string Name => "no-azure-privileged-role";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override bool Waivable => false;
    public override string Summary => "No Owner, Contributor, User Access Administrator or Role Based Access Control Administrator assignment.";
    public override string Description => "Owner and the two access administrator roles can assign roles, so the identity can give itself anything; Contributor can change or delete every resource in scope, the cluster and the registry included. CI identities get custom roles with exact data actions.";
    public override string Recommendation => "Use the catalog's custom registry roles, assigned on the registry.";
    public override string Example => "capabilities:\n  - push-image:\n      repositories: [payments/api]";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzurePrivilegedRoles, Anchors.Ckv39, Anchors.Azu0052];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var assignment in context.Plan.Azure.RoleAssignments)
        {
            if (PrivilegedRole(assignment) is { } name)
            {
                yield return Found(context, assignment.Owner.Subject, Messages.PrivilegedAzureRole(assignment.IdentityName, name), assignment.Owner.Location);
            }
        }
    }

    private static string? PrivilegedRole(RoleAssignmentDeclaration assignment)
    {
        foreach (var (name, guid) in Privileged)
        {
            if (assignment.RoleName == name || EndsWithSegment(assignment.RoleDefinitionId, guid))
            {
                return name;
            }
        }

        return null;
    }

    // Whether the id ends in "/<segment>", compared in place rather than building that string per assignment and role.
    private static bool EndsWithSegment(string id, string segment) =>
        id.Length > segment.Length && id[^(segment.Length + 1)] == '/' && id.EndsWith(segment, StringComparison.OrdinalIgnoreCase);
}
