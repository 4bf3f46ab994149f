using System.Collections.Immutable;
using Infra.Components.Kubernetes;
using Infra.Components.Validation;
using Infra.Components.Vault;
using Pulumi;

namespace Infra.Components;

/// <summary>The environment an <see cref="EnvironmentAccess"/> registers.</summary>
public sealed class EnvironmentAccessArgs
{
    /// <summary>The checked environment (from <c>EnvironmentGate.Load</c>).</summary>
    public required CheckedEnvironment Environment { get; init; }
}

/// <summary>
/// The root component of a stack: every pipeline's <see cref="PipelineAccess"/>, the CI runner
/// namespace's <see cref="NamespaceIsolation"/> and the <see cref="VaultAudit"/> devices of one
/// environment (its Azure side is <c>Infra.Components.Azure.AzureAccess</c>).
/// </summary>
public sealed class EnvironmentAccess : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:EnvironmentAccess";

    /// <summary>Registers the environment's Kubernetes and Vault declarations, exactly as planned.</summary>
    /// <param name="name">The component's name; the environment's name by convention.</param>
    /// <param name="args">The checked environment.</param>
    /// <param name="options">Component options (providers, protect...), passed down to every child.</param>
    public EnvironmentAccess(string name, EnvironmentAccessArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var environment = args.Environment;
        var plan = environment.Plan;
        var child = new ComponentResourceOptions { Parent = this };
        // Pipelines a team registers from its own program (environment.teamDeployers) are left to that
        // program and the team's deployer: two stacks managing one object would undo each other.
        // Only their admission policies are registered here (see PipelineAdmission).
        var teamDeployed = plan.Deployers.Where(d => d.Team is not null).SelectMany(d => d.Pipelines).ToHashSet(StringComparer.Ordinal);
        foreach (var pipeline in PlanSlice.Pipelines(plan))
        {
            // The admission policies of a team's pipelines stay here: cluster-scoped guards over the
            // team's CI identities, which the team's deployer may read but never change.
            _ = teamDeployed.Contains(pipeline)
                ? new PipelineAdmission(pipeline, new PipelineAdmissionArgs { Environment = environment, Pipeline = pipeline }, child)
                : (ComponentResource)new PipelineAccess(pipeline, environment, child);
        }

        // Namespaces no pipeline owns: the in-cluster CI runner namespace.
        foreach (var ns in PlanSlice.IsolatedNamespaces(plan, pipeline: null))
        {
            _ = new NamespaceIsolation(ns, new NamespaceIsolationArgs { Environment = environment, Namespace = ns }, child);
        }

        if (!plan.Vault.AuditDevices.IsEmpty)
        {
            _ = new VaultAudit($"{plan.Environment}-vault-audit", new VaultAuditArgs { Environment = environment }, child);
        }

        EnvironmentName = Output.Create(plan.Environment);
        ServiceAccounts = Output.Create(plan.Kubernetes.ServiceAccounts.Select(a => KubernetesMapping.ResourceName(a.Namespace, a.Name)).ToImmutableArray());
        VaultPolicies = Output.Create(plan.Vault.Policies.Select(p => p.Name).ToImmutableArray());
        VaultRoles = Output.Create(plan.Vault.JwtRoles.Select(r => VaultMapping.ResourceName(r.Backend, r.Name)).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The environment's name.</summary>
    [Output("environment")]
    public Output<string> EnvironmentName { get; }

    /// <summary>Every stage ServiceAccount, as <c>namespace/name</c>.</summary>
    [Output("serviceAccounts")]
    public Output<ImmutableArray<string>> ServiceAccounts { get; }

    /// <summary>Every Vault policy name.</summary>
    [Output("vaultPolicies")]
    public Output<ImmutableArray<string>> VaultPolicies { get; }

    /// <summary>Every JWT auth role, as <c>auth-mount/role</c>.</summary>
    [Output("vaultRoles")]
    public Output<ImmutableArray<string>> VaultRoles { get; }
}
