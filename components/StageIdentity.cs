using System.Collections.Immutable;
using Infra.Components.Kubernetes;
using Infra.Components.Validation;
using Infra.Components.Vault;
using Pulumi;
using KubernetesCore = Pulumi.Kubernetes.Core.V1;
using Rbac = Pulumi.Kubernetes.Rbac.V1;
using VaultJwt = Pulumi.Vault.Jwt;
using VaultKubernetes = Pulumi.Vault.Kubernetes;

namespace Infra.Components;

/// <summary>Which stage of a checked environment a <see cref="StageIdentity"/> registers.</summary>
public sealed class StageIdentityArgs
{
    /// <summary>The checked environment (from <see cref="EnvironmentGate"/>) the stage belongs to.</summary>
    public required CheckedEnvironment Environment { get; init; }

    /// <summary>The pipeline's name, e.g. <c>payments-api</c>.</summary>
    public required string Pipeline { get; init; }

    /// <summary>The stage's name, e.g. <c>deploy</c>.</summary>
    public required string Stage { get; init; }
}

/// <summary>
/// One pipeline stage's identity in Kubernetes and Vault: its ServiceAccount (token automount
/// off), a namespaced Role and RoleBinding per target namespace, its Vault policy, the JWT auth
/// role CI logs in with and the Kubernetes secrets-engine role that mints its short-lived token;
/// and the admission policies that keep its writes to what its capabilities are for.
/// </summary>
public sealed class StageIdentity : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:StageIdentity";

    /// <summary>Registers the stage's declarations from the plan, exactly as planned.</summary>
    /// <param name="name">The component's name; <c>pipeline/stage</c> by convention.</param>
    /// <param name="args">The checked environment and the stage to register.</param>
    /// <param name="options">Component options (providers, protect...), passed down to every child.</param>
    public StageIdentity(string name, StageIdentityArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var plan = PlanSlice.Where(args.Environment.Plan, o => o.Pipeline == args.Pipeline && o.Stage == args.Stage);
        var child = new CustomResourceOptions { Parent = this };

        // The admission policies first: a RoleBinding waits for the bindings that hold its writes to
        // what the capabilities are for, so no grant is ever live without its policy. A team's own
        // program reads them instead: the platform's program registers them (EnvironmentAccess).
        var teamDeployed = PlanSlice.IsTeamDeployed(args.Environment.Plan, args.Pipeline);
        var admission = plan.Admission.Policies
            .SelectMany(p => teamDeployed ? AdmissionObjects.Read(p, this) : AdmissionObjects.Register(p, this))
            .ToList();

        var accounts = plan.Kubernetes.ServiceAccounts
            .Select(a => new KubernetesCore.ServiceAccount(KubernetesMapping.ResourceName(a.Namespace, a.Name), KubernetesMapping.ServiceAccount(a), child))
            .ToList();
        foreach (var role in plan.Kubernetes.Roles)
        {
            _ = new Rbac.Role(KubernetesMapping.ResourceName(role.Namespace, role.Name), KubernetesMapping.Role(role), child);
        }

        var afterAdmission = new CustomResourceOptions { Parent = this, DependsOn = admission };
        foreach (var binding in plan.Kubernetes.RoleBindings)
        {
            _ = new Rbac.RoleBinding(KubernetesMapping.ResourceName(binding.Namespace, binding.Name), KubernetesMapping.RoleBinding(binding), afterAdmission);
        }

        var policies = plan.Vault.Policies
            .Select(p => new Pulumi.Vault.Policy(p.Name, VaultMapping.Policy(p), child))
            .ToList();
        // A role that names a policy or a ServiceAccount is created after it, so a login never finds it missing.
        var afterPolicies = new CustomResourceOptions { Parent = this, DependsOn = policies.ToArray<Resource>() };
        foreach (var role in plan.Vault.JwtRoles)
        {
            _ = new VaultJwt.AuthBackendRole(VaultMapping.ResourceName(role.Backend, role.Name), VaultMapping.JwtRole(role), afterPolicies);
        }

        var afterAccounts = new CustomResourceOptions { Parent = this, DependsOn = accounts.ToArray<Resource>() };
        foreach (var role in plan.Vault.KubernetesSecretRoles)
        {
            _ = new VaultKubernetes.SecretBackendRole(VaultMapping.ResourceName(role.Backend, role.Name), VaultMapping.KubernetesSecretRole(role), afterAccounts);
        }

        Identity = Output.Create($"{args.Pipeline}/{args.Stage}");
        ServiceAccounts = Output.Create(plan.Kubernetes.ServiceAccounts.Select(a => KubernetesMapping.ResourceName(a.Namespace, a.Name)).ToImmutableArray());
        AdmissionPolicies = Output.Create(plan.Admission.Policies.Select(p => p.Name).ToImmutableArray());
        Roles = Output.Create(plan.Kubernetes.Roles.Select(r => KubernetesMapping.ResourceName(r.Namespace, r.Name)).ToImmutableArray());
        VaultPolicies = Output.Create(plan.Vault.Policies.Select(p => p.Name).ToImmutableArray());
        VaultRoles = Output.Create(plan.Vault.JwtRoles.Select(r => VaultMapping.ResourceName(r.Backend, r.Name)).ToImmutableArray());
        KubernetesSecretRoles = Output.Create(plan.Vault.KubernetesSecretRoles.Select(r => VaultMapping.ResourceName(r.Backend, r.Name)).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The identity's name, <c>pipeline/stage</c>.</summary>
    [Output("identity")]
    public Output<string> Identity { get; }

    /// <summary>The stage's ServiceAccount as <c>namespace/name</c> (none when the stage does not touch Kubernetes).</summary>
    [Output("serviceAccounts")]
    public Output<ImmutableArray<string>> ServiceAccounts { get; }

    /// <summary>The stage's Roles as <c>namespace/name</c>, one per target namespace.</summary>
    [Output("roles")]
    public Output<ImmutableArray<string>> Roles { get; }

    /// <summary>The ValidatingAdmissionPolicies that judge the stage's ServiceAccount (cluster-scoped names).</summary>
    [Output("admissionPolicies")]
    public Output<ImmutableArray<string>> AdmissionPolicies { get; }

    /// <summary>The stage's Vault policy names.</summary>
    [Output("vaultPolicies")]
    public Output<ImmutableArray<string>> VaultPolicies { get; }

    /// <summary>The JWT auth roles CI logs in with, as <c>auth-mount/role</c> (none for paused pipelines).</summary>
    [Output("vaultRoles")]
    public Output<ImmutableArray<string>> VaultRoles { get; }

    /// <summary>The Kubernetes secrets-engine roles, as <c>mount/role</c>: read <c>mount/creds/role</c> for a short-lived token.</summary>
    [Output("kubernetesSecretRoles")]
    public Output<ImmutableArray<string>> KubernetesSecretRoles { get; }
}
