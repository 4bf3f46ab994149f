using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S016: a `namespace:` peer in a platform namespace must be a declared platform service.</summary>
public sealed class PlatformPeerRule : GuardrailRule
{
    public override string Id => "K8S016";
    public override string Name => "platform-peer-is-declared-service";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "Network flows name a system or platform namespace as a peer only when the environment declares it a platform service; the DNS flow the planner adds is the one exception.";
    public override string Description => "A `namespace:` peer allows every pod of that namespace. Egress to kube-system reaches more than DNS (metrics-server, konnectivity, cloud controllers); egress to the runner namespace reaches the pods that hold CI tokens; ingress from a policy engine or a monitoring namespace lets whatever runs there in. The platform team names the namespaces that serve pipelines (an ingress controller) under cluster.platformServices; every other platform namespace is refused as a peer. System namespaces and the runner namespace can never be services. The planner's own DNS egress (kube-system pods labelled k8s-app=kube-dns, port 53) is allowed. No exception waives it.";
    public override string Recommendation => "Declare the namespace under environment.cluster.platformServices if pipelines are meant to reach it (platform team review), or remove the flow.";
    public override string Example => "environment:\n  cluster:\n    platformServices: [ingress-nginx-prod]\npipelines:\n  - name: payments-api\n    network:\n      ingress:\n        - namespace: ingress-nginx-prod\n          ports: [8080]";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesNetworkPolicies, Anchors.AksSystemNamespaces];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cluster = context.Environment.Cluster;
        var reported = new HashSet<(string, string, string)>();
        foreach (var policy in context.Plan.Kubernetes.NetworkPolicies)
        {
            foreach (var (direction, rules) in new[] { ("ingress", policy.Ingress), ("egress", policy.Egress) })
            {
                foreach (var rule in rules)
                {
                    foreach (var peer in rule.Peers)
                    {
                        if (peer.Namespace is { } ns
                            && PlatformNamespaces.IsPlatform(cluster, ns)
                            && !PlatformNamespaces.IsService(cluster, ns)
                            && !(direction == "egress" && IsDns(peer, rule))
                            && reported.Add((policy.Owner.Subject, direction, ns)))
                        {
                            yield return Found(context, policy.Owner.Subject, Messages.PlatformPeer(direction, ns), FlowLocation(context, policy.Owner, direction, ns));
                        }
                    }
                }
            }
        }
    }

    /// <summary>The cluster DNS flow the planner adds: kube-dns pods of kube-system, port 53 only.</summary>
    private static bool IsDns(NetworkPeer peer, NetworkRule rule) =>
        peer.Namespace == "kube-system"
        && peer.PodLabels is { Count: 1 } labels
        && labels.TryGetValue("k8s-app", out var app) && app == "kube-dns"
        && !rule.Ports.IsEmpty && rule.Ports.All(p => p.Port == 53);

    private static SourceLocation FlowLocation(RuleContext context, Owner owner, string direction, string ns)
    {
        var pipeline = context.PipelineOf(owner);
        var flows = pipeline is null ? [] : direction == "ingress" ? pipeline.Network.Ingress : pipeline.Network.Egress;
        return flows.FirstOrDefault(f => f.Namespace == ns)?.Location ?? owner.Location;
    }
}
