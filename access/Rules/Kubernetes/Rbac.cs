using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>Facts about RBAC rules the Kubernetes guardrails share.</summary>
internal static class Rbac
{
    public const string CoreGroup = "";

    /// <summary>Every rule of every Role, not only the first (Checkov CKV_K8S_49 stops at the first).</summary>
    public static IEnumerable<(RoleDeclaration Role, int Number, PolicyRule Rule)> AllRules(Plan plan)
    {
        foreach (var role in plan.Kubernetes.Roles)
        {
            for (var i = 0; i < role.Rules.Length; i++)
            {
                yield return (role, i + 1, role.Rules[i]);
            }
        }
    }

    /// <summary>
    /// The <paramref name="candidates"/> that <paramref name="values"/> holds, in the candidates' order.
    /// Nearly every rule of a catalog holds none, and that answer allocates nothing.
    /// </summary>
    public static IReadOnlyList<string> Held(string[] candidates, ImmutableArray<string> values)
    {
        List<string>? held = null;
        foreach (var candidate in candidates)
        {
            if (values.Contains(candidate))
            {
                (held ??= []).Add(candidate);
            }
        }

        return held ?? (IReadOnlyList<string>)[];
    }

    public static string Describe(RoleDeclaration role, int number) => $"{role.Kind} {role.Namespace}/{role.Name} rule {number}";

    /// <summary>Whether the rule covers a resource of a group: exactly, or through a wildcard.</summary>
    public static bool Covers(PolicyRule rule, string group, string resource) =>
        (rule.ApiGroups.Contains(group) || rule.ApiGroups.Contains("*"))
        && (rule.Resources.Contains(resource) || rule.Resources.Contains("*")
            || (resource.Contains('/', StringComparison.Ordinal) && rule.Resources.Contains(resource[..resource.IndexOf('/', StringComparison.Ordinal)] + "/*")));

    public static bool Allows(PolicyRule rule, string verb) => rule.Verbs.Contains(verb) || rule.Verbs.Contains("*");
}
