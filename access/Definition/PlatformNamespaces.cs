using System.Collections.Frozen;

namespace Infra.Access.Definition;

/// <summary>
/// Which namespaces belong to the platform rather than to a pipeline. Three kinds: system namespaces
/// (the control plane's and the cluster add-ons' own: never a pipeline's, never a network peer except
/// the DNS flow the planner adds), AKS platform namespaces that may still serve pipelines (managed
/// ingress gateways), the default namespaces of well-known cluster controllers, and what the environment declares (the runner namespace, platformNamespaces,
/// platformServices).
/// </summary>
public static class PlatformNamespaces
{
    /// <summary>
    /// Namespaces of Kubernetes itself and of AKS add-ons that hold cluster credentials or admission
    /// control (besides <c>default</c> and every <c>kube-*</c>): a flow into them or a grant in them
    /// is a flow or grant over the cluster.
    /// </summary>
    public static FrozenSet<string> System { get; } = new[]
    {
        "default",
        "aks-command",
        "aks-istio-system",
        "calico-apiserver",
        "calico-system",
        "flux-system",
        "gatekeeper-system",
        "tigera-operator",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>AKS-managed namespaces whose pods serve workloads (managed ingress and egress gateways): platform, but a platform service when declared.</summary>
    public static FrozenSet<string> ManagedServices { get; } = new[]
    {
        "aks-istio-egress",
        "aks-istio-ingress",
        "app-routing-system",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The default namespaces of widely installed cluster controllers: GitOps engines, policy engines,
    /// service meshes, secret and certificate operators, backup, autoscaling, Azure Arc, in-cluster CI
    /// runner controllers. Their ServiceAccounts hold cluster-wide rights (Argo CD and Flux apply any
    /// object, Kyverno mutates every admission, external-secrets and Velero read every Secret), so a
    /// pipeline that owned one of these namespaces would deploy over the platform. They are platform
    /// namespaces even when the environment forgets to list them; unlike <see cref="System"/> an
    /// environment may still declare one a platform service (istio-system runs the mesh's ingress gateway).
    /// </summary>
    public static FrozenSet<string> WellKnown { get; } = new[]
    {
        "actions-runner-system",
        "arc-runners",
        "arc-systems",
        "argo-rollouts",
        "argocd",
        "azure-arc",
        "azure-workload-identity-system",
        "cattle-system",
        "cert-manager",
        "crossplane-system",
        "dapr-system",
        "external-secrets",
        "falco",
        "ingress-nginx",
        "istio-system",
        "keda",
        "kyverno",
        "linkerd",
        "monitoring",
        "tekton-pipelines",
        "trivy-system",
        "vault",
        "velero",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A system namespace: <c>default</c>, any <c>kube-*</c>, or one of <see cref="System"/>.</summary>
    public static bool IsSystem(string ns)
    {
        ArgumentNullException.ThrowIfNull(ns);
        return ns.StartsWith("kube-", StringComparison.Ordinal) || System.Contains(ns);
    }

    /// <summary>Whether <paramref name="ns"/> belongs to the platform of the environment <paramref name="cluster"/> describes.</summary>
    public static bool IsPlatform(ClusterSettings cluster, string ns)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(ns);
        return IsSystem(ns)
            || ManagedServices.Contains(ns)
            || WellKnown.Contains(ns)
            || string.Equals(cluster.RunnerNamespace, ns, StringComparison.Ordinal)
            || cluster.PlatformNamespaces.Contains(ns)
            || cluster.PlatformServices.Contains(ns);
    }

    /// <summary>Whether pipelines may name <paramref name="ns"/> as a network peer: it is declared a platform service.</summary>
    public static bool IsService(ClusterSettings cluster, string ns)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(ns);
        return cluster.PlatformServices.Contains(ns) && !IsSystem(ns) && !string.Equals(cluster.RunnerNamespace, ns, StringComparison.Ordinal);
    }
}
