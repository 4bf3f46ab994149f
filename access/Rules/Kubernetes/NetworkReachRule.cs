using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S017: CIDR peers are measured: no block broader than the floor, none near metadata, no set that covers too much.</summary>
public sealed class NetworkReachRule : GuardrailRule
{
    public override string Id => "K8S017";
    public override string Name => "network-reach-measured";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "Every CIDR peer (pipeline ingress and egress, CI runner egress) is at most /16 (IPv4) or /48 (IPv6), avoids link-local and cloud metadata addresses, does not carry IPv4 inside IPv6, and the blocks of one policy direction together reach at most four /16 (sixteen /48).";
    public override string Description => "An egress allowlist that reaches the internet is no allowlist: 0.0.0.0/1 plus 128.0.0.0/1, or two hundred /8s, or ::ffff:0:0/96 (every IPv4 address written as IPv6) all do. The check measures the addresses the blocks reach, not their text. A single block may be at most /16 IPv4 (65,536 addresses, an Azure virtual network's usual size: a database subnet or a service's range is far narrower) or /48 IPv6 (one site); the blocks of one direction of one NetworkPolicy, overlaps counted once, may reach at most four /16 or sixteen /48. Refused wherever they overlap: 169.254.0.0/16 (link-local; the instance metadata endpoint 169.254.169.254 of Azure, AWS and GCP hands out the node's managed identity tokens), 168.63.129.16 (Azure WireServer), 100.100.100.200 (Alibaba metadata), fe80::/10, fd00:ec2::254 (AWS) and fd20:ce::254 (GCP). IPv6 blocks that overlap a prefix carrying IPv4 addresses (::ffff:0:0/96 mapped, ::/96 compatible, ::ffff:0:0:0/96 translated, 64:ff9b::/96 and 64:ff9b:1::/48 NAT64, 2002::/16 6to4, 2001::/32 Teredo) are refused: write the IPv4 block, so it is judged as IPv4. The check runs on the plan, so the runner's allowlist (API server, Vault, registry, cluster.runnerEgress) is judged the same way. No exception waives it.";
    public override string Recommendation => "Name the narrowest blocks of the services the flow is for. To reach the internet (the CI system, the identity provider), route through an egress proxy and name its address as a /32.";
    public override string Example => "network:\n  egress:\n    - cidr: 10.50.32.0/24\n      ports: [5432]";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzureImds, Anchors.Rfc6052, Anchors.KubernetesNetworkPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in context.Plan.Kubernetes.NetworkPolicies)
        {
            foreach (var (direction, rules) in new[] { ("ingress", policy.Ingress), ("egress", policy.Egress) })
            {
                var cidrs = rules.SelectMany(r => r.Peers).Select(p => p.Cidr).OfType<string>().ToList();
                var refused = false;
                foreach (var cidr in cidrs)
                {
                    if (NetworkReach.Refusal(cidr) is { } reason)
                    {
                        refused = true;
                        // Every namespace of a pipeline holds the same policy: one finding per block, not per namespace.
                        if (reported.Add($"{policy.Owner.Subject}|{direction}|{cidr}"))
                        {
                            yield return Found(context, policy.Owner.Subject, Messages.CidrRefused(direction, cidr, reason), CidrLocation(context, policy.Owner, direction, cidr));
                        }
                    }
                }

                // The sum is judged once every block passes on its own: a /1 is reported as too broad, not twice.
                if (!refused && NetworkReach.UnionRefusal(cidrs) is { } union && reported.Add($"{policy.Owner.Subject}|{direction}|{policy.Name}"))
                {
                    yield return Found(context, policy.Owner.Subject, Messages.CidrUnionRefused(direction, policy.Name, union), CidrLocation(context, policy.Owner, direction, null));
                }
            }
        }
    }

    /// <summary>Where the block is declared: the pipeline's flow, or the environment field the runner's allowlist takes it from.</summary>
    private static SourceLocation CidrLocation(RuleContext context, Owner owner, string direction, string? cidr)
    {
        if (context.PipelineOf(owner) is { } pipeline)
        {
            var flows = direction == "ingress" ? pipeline.Network.Ingress : pipeline.Network.Egress;
            return flows.FirstOrDefault(f => cidr is null ? f.Cidr is not null : f.Cidr == cidr)?.Location ?? owner.Location;
        }

        var env = context.Environment;
        if (cidr is null)
        {
            return owner.Location;
        }

        return env.Cluster.RunnerEgress.FirstOrDefault(f => f.Cidr == cidr)?.Location
            ?? (env.Vault.Cidrs.Contains(cidr) ? env.Vault.Location
                : env.Azure?.Registry is { } registry && registry.Cidrs.Contains(cidr) ? registry.Location
                : owner.Location);
    }
}
