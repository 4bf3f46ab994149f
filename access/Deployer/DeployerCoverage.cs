using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Deployer;

/// <summary>How a deployer's rights compare with what its objects of the plan need: what is missing, what is beyond.</summary>
public sealed record DeployerGap(ImmutableArray<string> Missing, ImmutableArray<string> Beyond)
{
    public bool Exact => Missing.IsEmpty && Beyond.IsEmpty;
}

/// <summary>
/// Holds a deployer's rights to the plan: every permission registering its objects needs is held
/// (or <c>pulumi up</c> stops halfway), and every permission held is needed (or the deployer is more
/// than the plan). Kubernetes rules are read as RBAC reads them: a rule without resourceNames covers every name.
/// </summary>
public static class DeployerCoverage
{
    public static DeployerGap Compare(Plan plan, string? subscriptionId, DeployerRights rights)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(rights);
        var needs = DeployerPlanner.Needs(plan, subscriptionId, rights);
        var missing = new List<string>();
        var beyond = new List<string>();

        var held = rights.KubernetesRoles.SelectMany(r => PlannedObjects.Expand(r.Kind == "ClusterRole" ? "" : r.Namespace, r.Rules)).ToHashSet();
        missing.AddRange(needs.Kubernetes.Where(p => !held.Contains(p) && !held.Contains(p with { Name = "" })).Select(Describe));
        beyond.AddRange(held.Where(p => !needs.Kubernetes.Contains(p)).Select(Describe));

        var vault = PlannedObjects.Expand(rights.VaultPolicy).ToHashSet();
        missing.AddRange(needs.Vault.Where(p => !vault.Contains(p)).Select(p => $"vault {p.Path}: {p.Capability}"));
        beyond.AddRange(vault.Where(p => !needs.Vault.Contains(p)).Select(p => $"vault {p.Path}: {p.Capability}"));

        var azure = PlannedObjects.Expand(rights.AzureRoles).Select(Normal).ToHashSet();
        var needed = needs.Azure.Select(Normal).ToHashSet();
        missing.AddRange(needed.Where(p => !azure.Contains(p)).Select(p => $"azure {p.Scope}: {p.Action}"));
        beyond.AddRange(azure.Where(p => !needed.Contains(p)).Select(p => $"azure {p.Scope}: {p.Action}"));

        return new DeployerGap([.. missing.Order(StringComparer.Ordinal)], [.. beyond.Order(StringComparer.Ordinal)]);
    }

    /// <summary>A permission as a finding names it: <c>kubernetes payments-prod rbac.authorization.k8s.io/roles:ci-x: patch</c>.</summary>
    public static string Describe(KubernetesRight p) =>
        $"kubernetes {(p.Namespace.Length == 0 ? "cluster" : p.Namespace)} {(p.ApiGroup.Length == 0 ? "core" : p.ApiGroup)}/{p.Resource}{(p.Name.Length == 0 ? "" : ":" + p.Name)}: {p.Verb}";

    // ARM compares ids and action names ignoring case.
    private static AzureRight Normal(AzureRight p) => new(p.Scope.ToLowerInvariant().TrimEnd('/'), p.Action.ToLowerInvariant());
}
