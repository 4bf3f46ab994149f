using Infra.Access.Planning;

namespace Infra.Access.Rules.Vault;

/// <summary>Facts about Vault declarations the Vault guardrails share.</summary>
internal static class VaultFacts
{
    public static IEnumerable<(VaultPolicyDeclaration Policy, VaultPathRule Path)> AllPaths(Plan plan) =>
        plan.Vault.Policies.SelectMany(p => p.Paths.Select(path => (p, path)));

    public static int CeilingSeconds(RuleContext context) => (int)context.Environment.TokenTtlCeiling.TotalSeconds;
}
