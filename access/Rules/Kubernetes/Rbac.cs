using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>Facts about RBAC rules the Kubernetes guardrails share.</summary>
internal static class Rbac
{
    public const string CoreGroup = "";

    /// <summary>Verbs that change objects.</summary>
    public static ImmutableHashSet<string> WriteVerbs { get; } = ImmutableHashSet.Create(StringComparer.Ordinal, "create", "update", "patch", "delete", "deletecollection");

    /// <summary>Every rule of every Role, not only the first (Checkov CKV_K8S_49 stops at the first).</summary>
    public static IEnumerable<(RoleDeclaration Role, int Number, PolicyRule Rule)> AllRules(Plan plan) =>
        plan.Kubernetes.Roles.SelectMany(role => role.Rules.Select((rule, i) => (role, i + 1, rule)));

    public static string Describe(RoleDeclaration role, int number) => $"{role.Kind} {role.Namespace}/{role.Name} rule {number}";

    /// <summary>Whether the rule covers a resource of a group: exactly, or through a wildcard.</summary>
    public static bool Covers(PolicyRule rule, string group, string resource) =>
        (rule.ApiGroups.Contains(group) || rule.ApiGroups.Contains("*"))
        && (rule.Resources.Contains(resource) || rule.Resources.Contains("*")
            || (resource.Contains('/', StringComparison.Ordinal) && rule.Resources.Contains(resource[..resource.IndexOf('/', StringComparison.Ordinal)] + "/*")));

    public static bool Allows(PolicyRule rule, string verb) => rule.Verbs.Contains(verb) || rule.Verbs.Contains("*");
}
