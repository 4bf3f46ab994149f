using System.Collections.Immutable;
using Infra.Access.Admission;
using Infra.Access.Planning;

namespace Infra.Components;

/// <summary>
/// The part of a plan a component registers, selected by owner or namespace. Selecting is the
/// components' only logic: every declaration still comes whole from the core's plan.
/// </summary>
internal static class PlanSlice
{
    public static Plan Where(Plan plan, Func<Owner, bool> owned) => plan with
    {
        Identities = [.. plan.Identities.Where(i => owned(new Owner(i.Pipeline, i.Stage, i.Location)))],
        Kubernetes = new KubernetesPlan(
            [.. plan.Kubernetes.ServiceAccounts.Where(d => owned(d.Owner))],
            [.. plan.Kubernetes.Roles.Where(d => owned(d.Owner))],
            [.. plan.Kubernetes.RoleBindings.Where(d => owned(d.Owner))],
            [.. plan.Kubernetes.NetworkPolicies.Where(d => owned(d.Owner))])
        {
            PodSecurity = [.. plan.Kubernetes.PodSecurity.Where(d => owned(d.Owner))],
        },
        Vault = new VaultPlan(
            [.. plan.Vault.Policies.Where(d => owned(d.Owner))],
            [.. plan.Vault.JwtRoles.Where(d => owned(d.Owner))],
            [.. plan.Vault.KubernetesSecretRoles.Where(d => owned(d.Owner))],
            [.. plan.Vault.AuditDevices.Where(d => owned(d.Owner))]),
        Azure = new AzurePlan(
            [.. plan.Azure.ManagedIdentities.Where(d => owned(d.Owner))],
            [.. plan.Azure.FederatedCredentials.Where(d => owned(d.Owner))],
            [.. plan.Azure.RoleDefinitions.Where(d => owned(d.Owner))],
            [.. plan.Azure.RoleAssignments.Where(d => owned(d.Owner))],
            plan.Azure.AuditSink is { } sink && owned(sink.Owner) ? sink : null),
        Admission = new AdmissionPlan([.. plan.Admission.Policies.Where(d => owned(d.Owner))]),
    };

    /// <summary>Whether a team's own program registers <paramref name="pipeline"/> (<c>environment.teamDeployers</c>).</summary>
    public static bool IsTeamDeployed(Plan plan, string pipeline) =>
        plan.Deployers.Any(d => d.Team is not null && d.Pipelines.Contains(pipeline));

    /// <summary>Pipelines that own a Kubernetes or Vault declaration (every pipeline, decommissioned too, keeps the default-deny NetworkPolicies of its namespaces).</summary>
    public static ImmutableArray<string> Pipelines(Plan plan) =>
        [.. KubernetesAndVaultOwners(plan).Select(o => o.Pipeline).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Stages of <paramref name="pipeline"/> that own a Kubernetes or Vault declaration.</summary>
    public static ImmutableArray<string> Stages(Plan plan, string pipeline) =>
        [.. KubernetesAndVaultOwners(plan).Where(o => o.Pipeline == pipeline).Select(o => o.Stage).OfType<string>().Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Namespaces whose network policies or Pod Security labels belong to <paramref name="pipeline"/>, or to the environment when null.</summary>
    public static ImmutableArray<string> IsolatedNamespaces(Plan plan, string? pipeline) =>
        [.. plan.Kubernetes.NetworkPolicies.Where(p => p.Owner.Pipeline == pipeline).Select(p => p.Namespace)
            .Concat(plan.Kubernetes.PodSecurity.Where(p => p.Owner.Pipeline == pipeline).Select(p => p.Namespace))
            .Distinct().Order(StringComparer.Ordinal)];

    private static IEnumerable<Owner> KubernetesAndVaultOwners(Plan plan) =>
        plan.Kubernetes.ServiceAccounts.Select(d => d.Owner)
            .Concat(plan.Kubernetes.Roles.Select(d => d.Owner))
            .Concat(plan.Kubernetes.RoleBindings.Select(d => d.Owner))
            .Concat(plan.Kubernetes.NetworkPolicies.Select(d => d.Owner))
            .Concat(plan.Kubernetes.PodSecurity.Select(d => d.Owner))
            .Concat(plan.Vault.Policies.Select(d => d.Owner))
            .Concat(plan.Vault.JwtRoles.Select(d => d.Owner))
            .Concat(plan.Vault.KubernetesSecretRoles.Select(d => d.Owner))
            .Concat(plan.Admission.Policies.Select(d => d.Owner));
}
