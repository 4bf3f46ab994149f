using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Deployer;

/// <summary>
/// The deployers of a plan and their minimal rights: the platform's deployer registers every pipeline
/// no team deploys itself and the environment's own objects (runner isolation, Vault audit devices,
/// Azure); each team of <see cref="EnvironmentSettings.TeamDeployers"/> gets a deployer limited to its
/// pipelines' Kubernetes and Vault objects. Pure: the plan in, the rights out.
/// </summary>
public static class DeployerPlanner
{
    public const string KubernetesRoleName = "access-deployer";

    public static ImmutableArray<DeployerRights> Build(Plan plan, EnvironmentSettings env, IEnumerable<Pipeline> pipelines)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(pipelines);
        var teams = env.TeamDeployers.ToHashSet(StringComparer.Ordinal);
        var teamOf = pipelines.Where(p => teams.Contains(p.Team)).ToDictionary(p => p.Name, p => p.Team, StringComparer.Ordinal);
        var all = plan.Identities.Select(i => i.Pipeline).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var deployers = ImmutableArray.CreateBuilder<DeployerRights>();
        deployers.Add(Rights(plan, env, null, [.. all.Where(p => !teamOf.ContainsKey(p))]));
        foreach (var team in teams.Order(StringComparer.Ordinal))
        {
            deployers.Add(Rights(plan, env, team, [.. all.Where(p => teamOf.GetValueOrDefault(p) == team)]));
        }

        return deployers.ToImmutable();
    }

    /// <summary>Whether the deployer of <paramref name="rights"/> registers the objects owned by <paramref name="pipeline"/> (null: the environment's).</summary>
    public static bool Owns(DeployerRights rights, string? pipeline)
    {
        ArgumentNullException.ThrowIfNull(rights);
        return pipeline is null ? rights.Team is null : rights.Pipelines.Contains(pipeline);
    }

    /// <summary>What the deployer of <paramref name="rights"/> needs in <paramref name="plan"/>: its pipelines' objects (and, for the platform, the environment's).</summary>
    public static DeployerNeeds Needs(Plan plan, string? subscriptionId, DeployerRights rights)
    {
        ArgumentNullException.ThrowIfNull(rights);
        return DeployerNeeds.Of(plan, subscriptionId, p => Owns(rights, p), rights.Team is null);
    }

    private static DeployerRights Rights(Plan plan, EnvironmentSettings env, string? team, ImmutableArray<string> pipelines)
    {
        var id = team is null ? DeployerRights.PlatformId : DeployerRights.TeamId(team);
        var owner = new Owner(null, null, env.Location);
        var shell = new DeployerRights(id, team, KubernetesUser(env.Name, team), pipelines, [], new VaultPolicyDeclaration("", [], owner), []);
        var needs = Needs(plan, env.Azure?.SubscriptionId, shell);
        var labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [
            new KeyValuePair<string, string>(Planner.LabelManagedBy, Planner.ManagedBy),
            new KeyValuePair<string, string>(Planner.LabelEnvironment, env.Name),
        ]);
        var roleName = team is null ? KubernetesRoleName : Names.Derive(Names.KubernetesMax, KubernetesRoleName, team);
        var clusterRoleName = Names.Derive(Names.KubernetesMax, KubernetesRoleName, env.Name, team ?? "");
        var roles = needs.Kubernetes
            .GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RoleDeclaration(g.Key.Length == 0 ? "ClusterRole" : "Role", g.Key.Length == 0 ? clusterRoleName : roleName, g.Key, Fold(g), labels, owner))
            // The ClusterRole (namespace "") sorts first; roles in namespace order after it.
            .ToImmutableArray();
        var policyName = Names.Derive(Names.KubernetesMax, KubernetesRoleName, env.Name, team ?? "");
        var policy = new VaultPolicyDeclaration(policyName, Fold(needs.Vault), owner);
        var azure = env.Azure is { } settings ? AzureRoles(settings, env.Name, needs, owner) : [];
        var guards = DeployerGuard.For(plan, needs, env.Name, team, shell.KubernetesUser, owner);
        return shell with { KubernetesRoles = roles, VaultPolicy = policy, AzureRoles = azure, Guards = guards };
    }

    /// <summary>The user name the deployer's bindings name; the bootstrap maps its sign-in to it (docs/pulumi.md).</summary>
    public static string KubernetesUser(string environment, string? team) =>
        team is null ? $"access:deployer:{environment}" : $"access:deployer:{environment}:{team}";

    /// <summary>
    /// Permissions as RBAC rules: verbs that need no name in one rule per resource, the named verbs
    /// grouped by the set of verbs each name needs (beyond the unnamed ones), so no name gets a verb it does not need.
    /// </summary>
    private static ImmutableArray<PolicyRule> Fold(IEnumerable<KubernetesRight> permissions)
    {
        var rules = new List<(string Key, PolicyRule Rule)>();
        foreach (var resource in permissions.GroupBy(p => (p.ApiGroup, p.Resource)))
        {
            var any = resource.Where(p => p.Name.Length == 0).Select(p => p.Verb).ToHashSet(StringComparer.Ordinal);
            var (group, name) = resource.Key;
            if (any.Count > 0)
            {
                rules.Add(($"{group}|{name}|", new PolicyRule([group], [name], [], [.. any.Order(StringComparer.Ordinal)], [])));
            }

            var byVerbs = resource.Where(p => p.Name.Length > 0 && !any.Contains(p.Verb))
                .GroupBy(p => p.Name, StringComparer.Ordinal)
                .GroupBy(n => string.Join(",", n.Select(p => p.Verb).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), StringComparer.Ordinal);
            foreach (var verbs in byVerbs)
            {
                rules.Add(($"{group}|{name}|{verbs.Key}", new PolicyRule([group], [name], [.. verbs.Select(n => n.Key).Order(StringComparer.Ordinal)], [.. verbs.Key.Split(',')], [])));
            }
        }

        return [.. rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Rule)];
    }

    private static ImmutableArray<VaultPathRule> Fold(IEnumerable<VaultRight> permissions) =>
        [.. permissions.GroupBy(p => p.Path, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new VaultPathRule(g.Key, [.. g.Select(p => p.Capability).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];

    /// <summary>
    /// One custom role per scope, assignable there only: the identities' resource group, each resource
    /// the plan's role definitions and assignments live on (the registry), the audited cluster. A role
    /// shared by every scope would let role-definition writes at the resource group re-scope a definition there.
    /// </summary>
    private static ImmutableArray<DeployerAzureRole> AzureRoles(AzureSettings settings, string environment, DeployerNeeds needs, Owner owner) =>
        [.. needs.Azure.GroupBy(p => p.Scope, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var scope = g.Key;
                var name = Names.Derive(Names.KubernetesMax, KubernetesRoleName, environment, scope[(scope.LastIndexOf('/') + 1)..].ToLowerInvariant());
                var definition = new RoleDefinitionDeclaration(
                    Names.StableGuid($"deployer|{settings.SubscriptionId}|{scope}|{name}"),
                    name,
                    $"Deploys the access plan of {environment} on this scope only (access render --format deployer).",
                    scope,
                    [scope],
                    [.. g.Select(p => p.Action).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                    [],
                    owner);
                var assignable = needs.AssignableRoles.GetValueOrDefault(scope) ?? ImmutableSortedDictionary<string, string>.Empty;
                var ids = assignable.Keys.ToImmutableArray();
                return new DeployerAzureRole(definition, scope, ids, [.. assignable.Values], assignable.IsEmpty ? null : AssignmentCondition(ids));
            })];

    /// <summary>
    /// Azure's delegation condition (ABAC, version 2.0): a role assignment may be written only for one
    /// of <paramref name="roleDefinitionIds"/> and only to a service principal (a managed identity), and
    /// deleted under the same terms. Write requests are judged on the request, deletes on the existing assignment.
    /// </summary>
    public static string AssignmentCondition(IEnumerable<string> roleDefinitionIds)
    {
        ArgumentNullException.ThrowIfNull(roleDefinitionIds);
        var ids = string.Join(", ", roleDefinitionIds);
        string Terms(string source, string action) =>
            $"((!(ActionMatches{{'Microsoft.Authorization/roleAssignments/{action}'}})) OR "
            + $"(@{source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {{{ids}}} AND "
            + $"@{source}[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {{'ServicePrincipal'}}))";
        return $"{Terms("Request", "write")} AND {Terms("Resource", "delete")}";
    }
}
