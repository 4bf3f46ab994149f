using Infra.Access.Planning;

namespace Infra.Access.Rules.Vault;

/// <summary>Facts about Vault declarations the Vault guardrails share.</summary>
internal static class VaultFacts
{
    /// <summary>The TTL fields that are zero (Vault's long default) or above the ceiling, in the order given.</summary>
    public static IReadOnlyList<(string Field, int Value)> OutOfRange(int ceiling, params (string Field, int Value)[] fields) =>
        [.. fields.Where(f => f.Value <= 0 || f.Value > ceiling)];

    public static IEnumerable<(VaultPolicyDeclaration Policy, VaultPathRule Path)> AllPaths(Plan plan)
    {
        foreach (var policy in plan.Vault.Policies)
        {
            foreach (var path in policy.Paths)
            {
                yield return (policy, path);
            }
        }
    }

    public static int CeilingSeconds(RuleContext context) => (int)context.Environment.TokenTtlCeiling.TotalSeconds;
}
