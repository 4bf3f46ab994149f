using Infra.Access.Admission;
using Pulumi;
using Admission = Pulumi.Kubernetes.AdmissionRegistration.V1;

namespace Infra.Components.Kubernetes;

/// <summary>
/// The admission policy and bindings that judge one stage's ServiceAccount, as Pulumi resources.
/// The platform's program registers them; a team's program (<c>environment.teamDeployers</c>) only
/// reads them, so its deployer never holds the right to loosen the guard over its own CI identities,
/// and its grants wait until the platform's policies exist.
/// </summary>
internal static class AdmissionObjects
{
    /// <summary>Registers the policy, then its bindings (each after the policy it names).</summary>
    public static IEnumerable<Resource> Register(AdmissionPolicyDeclaration policy, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var registered = new Admission.ValidatingAdmissionPolicy(policy.Name, AdmissionMapping.Policy(policy), new CustomResourceOptions { Parent = parent });
        var afterPolicy = new CustomResourceOptions { Parent = parent, DependsOn = registered };
        return [registered, .. policy.Bindings.Select(b => new Admission.ValidatingAdmissionPolicyBinding(b.Name, AdmissionMapping.Binding(policy, b), afterPolicy))];
    }

    /// <summary>
    /// Reads the policy and its bindings by name (a cluster-scoped object's id is its name): the read
    /// fails while the platform has not registered them, and so does the team's <c>pulumi up</c>.
    /// </summary>
    public static IEnumerable<Resource> Read(AdmissionPolicyDeclaration policy, Resource parent)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var child = new CustomResourceOptions { Parent = parent };
        return [Admission.ValidatingAdmissionPolicy.Get(policy.Name, policy.Name, child), .. policy.Bindings.Select(b => Admission.ValidatingAdmissionPolicyBinding.Get(b.Name, b.Name, child))];
    }
}
