using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S015: a namespace another entry names as a network peer cannot be claimed by a pipeline.</summary>
public sealed class PeerNamespaceClaimedRule : GuardrailRule
{
    public override string Id => "K8S015";
    public override string Name => "peer-namespace-not-claimed";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "the claimed namespace";
    public override string Summary => "No pipeline owns a namespace that another pipeline (or the environment) names as a network peer.";
    public override string Description => "A `namespace:` peer trusts every pod of that namespace. When pipeline A accepts ingress from ingress-nginx-prod, a new entry that lists ingress-nginx-prod under its own namespaces gets a Role there, deploys pods that A accepts, and replaces the namespace's network policies with its own. Declaring the namespace under cluster.platformNamespaces makes the claim a K8S014 finding too. A flow between two pipelines' namespaces is a deliberate trust between them: it needs an approved exception for the claiming pipeline, so the trust is reviewed and expires.";
    public override string Recommendation => "Do not list another entry's peer namespace under namespaces. For a flow between two pipelines, get an exception approved for the pipeline that owns the peer namespace.";
    public override string Example => "pipelines:\n  - name: payments-api\n    namespaces: [payments-prod]\n    network:\n      ingress:\n        - namespace: ingress-nginx-prod   # no pipeline lists ingress-nginx-prod under namespaces\n          ports: [8080]";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesNetworkPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cluster = context.Environment.Cluster;
        var peers = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var policy in context.Plan.Kubernetes.NetworkPolicies)
        {
            foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers))
            {
                // Platform namespaces are K8S014's: a pipeline cannot own them whoever names them.
                if (peer.Namespace is { } ns && !PlatformNamespaces.IsPlatform(cluster, ns))
                {
                    if (!peers.TryGetValue(ns, out var namers))
                    {
                        namers = new SortedSet<string>(StringComparer.Ordinal);
                        peers.Add(ns, namers);
                    }

                    namers.Add(policy.Owner.Pipeline is { } p ? $"pipeline '{p}'" : "the environment");
                }
            }
        }

        foreach (var pipeline in context.Definition.Pipelines)
        {
            foreach (var ns in pipeline.Namespaces)
            {
                if (peers.TryGetValue(ns, out var namers) && namers.Where(n => n != $"pipeline '{pipeline.Name}'").ToList() is { Count: > 0 } others)
                {
                    yield return Found(context, pipeline.Name, Messages.PeerNamespaceClaimed(ns, string.Join(" and ", others)), pipeline.Location, about: ns);
                }
            }
        }
    }
}
