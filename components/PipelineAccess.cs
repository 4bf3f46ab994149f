using System.Collections.Immutable;
using Infra.Components.Definitions;
using Infra.Components.Kubernetes;
using Infra.Components.Validation;
using Infra.Components.Vault;
using Pulumi;

namespace Infra.Components;

/// <summary>
/// Everything one pipeline holds in an environment's cluster and Vault: a
/// <see cref="NamespaceIsolation"/> per namespace and a <see cref="StageIdentity"/> per stage.
/// </summary>
/// <example>
/// From a team's own Pulumi program:
/// <code>
/// var access = new PipelineAccess("payments-api", new PipelineAccessArgs
/// {
///     EnvironmentDefinition = File.ReadAllText("platform/stacks/prod.yaml"),
///     EnvironmentFile = "platform/stacks/prod.yaml",
///     Team = "payments",
///     Repository = "example-org/payments-api",
///     Ref = "refs/heads/main",
///     Namespaces = { "payments-prod" },
///     ReviewBy = new DateOnly(2027, 3, 31),
///     Maintainers = { "alice-payments" },
///     Approvers = { "carol-release" },
///     Stages =
///     {
///         new StageArgs { Name = "deploy", Capabilities = { new CapabilityArgs("deploy") { Objects = { "payments-api" } } } },
///     },
/// });
/// </code>
/// </example>
public sealed class PipelineAccess : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:PipelineAccess";

    /// <summary>
    /// Validates the pipeline through the core (loader, planner, guardrails) and registers it.
    /// Nothing is registered when any check fails: the run stops with a <see cref="RunException"/>
    /// naming each problem's location and field, or each guardrail's rule ID.
    /// </summary>
    /// <param name="name">The pipeline's name, e.g. <c>payments-api</c>.</param>
    /// <param name="args">The pipeline, in the fields of the definition format.</param>
    /// <param name="options">Component options (providers, protect...), passed down to every child.</param>
    /// <exception cref="RunException">The pipeline is invalid or breaks a guardrail.</exception>
    public PipelineAccess(string name, PipelineAccessArgs args, ComponentResourceOptions? options = null)
        : this(name, PipelineDocument.Check(name, args), options)
    {
    }

    /// <summary>Registers the pipeline <paramref name="name"/> of an environment that already passed the gate.</summary>
    /// <param name="name">The pipeline's name in the environment's definition.</param>
    /// <param name="environment">The checked environment (from <see cref="EnvironmentGate"/>).</param>
    /// <param name="options">Component options, passed down to every child.</param>
    public PipelineAccess(string name, CheckedEnvironment environment, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        Environment = environment;
        var plan = PlanSlice.Where(environment.Plan, o => o.Pipeline == name);
        var child = new ComponentResourceOptions { Parent = this };
        foreach (var ns in PlanSlice.IsolatedNamespaces(plan, name))
        {
            _ = new NamespaceIsolation(ns, new NamespaceIsolationArgs { Environment = environment, Namespace = ns }, child);
        }

        foreach (var stage in PlanSlice.Stages(plan, name))
        {
            _ = new StageIdentity($"{name}/{stage}", new StageIdentityArgs { Environment = environment, Pipeline = name, Stage = stage }, child);
        }

        Pipeline = Output.Create(name);
        Namespaces = Output.Create(PlanSlice.IsolatedNamespaces(plan, name));
        ServiceAccounts = Output.Create(plan.Kubernetes.ServiceAccounts.Select(a => KubernetesMapping.ResourceName(a.Namespace, a.Name)).ToImmutableArray());
        VaultPolicies = Output.Create(plan.Vault.Policies.Select(p => p.Name).ToImmutableArray());
        VaultRoles = Output.Create(plan.Vault.JwtRoles.Select(r => VaultMapping.ResourceName(r.Backend, r.Name)).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The checked environment the pipeline was registered from (its plan feeds the Azure components).</summary>
    public CheckedEnvironment Environment { get; }

    /// <summary>The pipeline's name.</summary>
    [Output("pipeline")]
    public Output<string> Pipeline { get; }

    /// <summary>The pipeline's isolated namespaces.</summary>
    [Output("namespaces")]
    public Output<ImmutableArray<string>> Namespaces { get; }

    /// <summary>The stages' ServiceAccounts, as <c>namespace/name</c>.</summary>
    [Output("serviceAccounts")]
    public Output<ImmutableArray<string>> ServiceAccounts { get; }

    /// <summary>The stages' Vault policy names.</summary>
    [Output("vaultPolicies")]
    public Output<ImmutableArray<string>> VaultPolicies { get; }

    /// <summary>The stages' JWT auth roles, as <c>auth-mount/role</c>.</summary>
    [Output("vaultRoles")]
    public Output<ImmutableArray<string>> VaultRoles { get; }
}
