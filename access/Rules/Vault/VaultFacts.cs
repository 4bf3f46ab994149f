using Infra.Access.Definition;
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

    /// <summary>
    /// The Kubernetes secrets engines a policy path may lie on: the environment's, and every backend
    /// a secrets-engine role of the plan names (an edited plan may name another).
    /// </summary>
    public static List<string> Engines(RuleContext context) =>
        context.Plan.Vault.KubernetesSecretRoles.Select(r => r.Backend)
            .Prepend(context.Environment.Vault.KubernetesSecretsPath)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>The Kubernetes secrets engine among <paramref name="engines"/> that <paramref name="path"/> lies under (on segments), or null.</summary>
    public static string? EngineOf(List<string> engines, string path)
    {
        foreach (var engine in engines)
        {
            if (VaultTopology.IsUnder(path, engine))
            {
                return engine;
            }
        }

        return null;
    }

    public static int CeilingSeconds(RuleContext context) => (int)context.Environment.TokenTtlCeiling.TotalSeconds;
}
