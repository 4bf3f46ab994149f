using Infra.Access.Planning;

namespace Infra.Access.Rules.Vault;

/// <summary>Facts about Vault declarations the Vault guardrails share.</summary>
internal static class VaultFacts
{
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
