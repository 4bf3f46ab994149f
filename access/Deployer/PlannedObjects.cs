using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Deployer;

/// <summary>
/// A Kubernetes object the plan asks the Pulumi layer to register; <see cref="Namespace"/> is null for
/// cluster-scoped objects, <see cref="Pipeline"/> for the environment's own objects.
/// </summary>
public sealed record KubernetesObject(string ApiGroup, string Resource, string Kind, string? Namespace, string Name, string? Pipeline);

/// <summary>
/// One Kubernetes permission as RBAC checks it: a verb on a resource of a group, in a namespace
/// ("" for cluster-scoped resources), on one named object or (<see cref="Name"/> "") on any.
/// </summary>
public readonly record struct KubernetesRight(string Namespace, string ApiGroup, string Resource, string Name, string Verb);

/// <summary>One Vault capability on one exact path.</summary>
public readonly record struct VaultRight(string Path, string Capability);

/// <summary>One Azure action at one scope.</summary>
public readonly record struct AzureRight(string Scope, string Action);

/// <summary>
/// The objects of a plan, kind by kind, as the Pulumi layer registers them: the one list the
/// deployer's rights are computed from. A kind the plan gains is added here, and a test holds this
/// list to the objects <see cref="Rendering.KubernetesRenderer"/> renders, so a new kind cannot slip past the deployer.
/// </summary>
public static class PlannedObjects
{
    public const string RbacGroup = "rbac.authorization.k8s.io";
    public const string NetworkingGroup = "networking.k8s.io";
    public const string AdmissionGroup = "admissionregistration.k8s.io";

    public static IEnumerable<KubernetesObject> Kubernetes(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var account in plan.Kubernetes.ServiceAccounts)
        {
            yield return new KubernetesObject("", "serviceaccounts", "ServiceAccount", account.Namespace, account.Name, account.Owner.Pipeline);
        }

        foreach (var role in plan.Kubernetes.Roles)
        {
            yield return Of(RbacGroup, role.Kind, role.Namespace, role.Name, role.Owner.Pipeline);
        }

        foreach (var binding in plan.Kubernetes.RoleBindings)
        {
            yield return Of(RbacGroup, binding.Kind, binding.Namespace, binding.Name, binding.Owner.Pipeline);
        }

        foreach (var policy in plan.Kubernetes.NetworkPolicies)
        {
            yield return new KubernetesObject(NetworkingGroup, "networkpolicies", "NetworkPolicy", policy.Namespace, policy.Name, policy.Owner.Pipeline);
        }

        // Pod Security labels: a server-side apply patch of an existing namespace (never its creation).
        foreach (var patch in plan.Kubernetes.PodSecurity)
        {
            yield return new KubernetesObject("", "namespaces", "Namespace", null, patch.Namespace, patch.Owner.Pipeline);
        }

        // Admission policies and their bindings are cluster-scoped: the deployer may change them by name only.
        foreach (var policy in plan.Admission.Policies)
        {
            yield return new KubernetesObject(AdmissionGroup, "validatingadmissionpolicies", "ValidatingAdmissionPolicy", null, policy.Name, policy.Owner.Pipeline);
            foreach (var binding in policy.Bindings)
            {
                yield return new KubernetesObject(AdmissionGroup, "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", null, binding.Name, policy.Owner.Pipeline);
            }
        }
    }

    /// <summary>The resource of a kind, as RBAC names it: lower case, plural.</summary>
    public static string Plural(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var lower = kind.ToLowerInvariant();
        return lower.EndsWith('y') ? lower[..^1] + "ies" : lower + "s";
    }

    /// <summary>Cluster-scoped kinds (a ClusterRole a planner bug declared, admission policies, namespaces) have no namespace.</summary>
    public static bool IsClusterScoped(string kind) =>
        kind is "ClusterRole" or "ClusterRoleBinding" or "Namespace" or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding";

    /// <summary>A plan object of an RBAC or other group whose kind decides whether it is namespaced.</summary>
    public static KubernetesObject Of(string apiGroup, string kind, string? ns, string name, string? pipeline) =>
        new(apiGroup, Plural(kind), kind, IsClusterScoped(kind) ? null : ns, name, pipeline);

    /// <summary>Every permission a set of RBAC rules grants in <paramref name="ns"/>, one per verb, resource and name.</summary>
    public static IEnumerable<KubernetesRight> Expand(string ns, IEnumerable<PolicyRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        foreach (var rule in rules)
        {
            var names = rule.ResourceNames.IsEmpty ? [""] : rule.ResourceNames;
            foreach (var group in rule.ApiGroups)
            {
                foreach (var resource in rule.Resources)
                {
                    foreach (var name in names)
                    {
                        foreach (var verb in rule.Verbs)
                        {
                            yield return new KubernetesRight(ns, group, resource, name, verb);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The Vault permissions of a policy.</summary>
    public static IEnumerable<VaultRight> Expand(VaultPolicyDeclaration policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Paths.SelectMany(p => p.Capabilities.Select(c => new VaultRight(p.Path, c)));
    }

    /// <summary>The Azure permissions of a deployer's roles.</summary>
    public static IEnumerable<AzureRight> Expand(ImmutableArray<DeployerAzureRole> roles) =>
        roles.SelectMany(r => r.Definition.Actions.Concat(r.Definition.DataActions).Select(a => new AzureRight(r.Scope, a)));
}
