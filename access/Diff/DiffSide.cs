using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Diff;

/// <summary>
/// What the access diff needs of one version of an environment: its access rows, its identities,
/// its guardrail findings, and where each grant comes from. It holds none of the plan's other
/// declarations, so a caller comparing two large catalogs can drop the first plan (and its
/// definition) before it reads the second. A side without a plan is an environment that does not
/// exist in that version.
/// </summary>
/// <remarks>A class, not a record: it is a lookup structure, and comparing two sides by value means nothing.</remarks>
public sealed class DiffSide
{
    private DiffSide(Plan? plan, IReadOnlyList<Finding> findings, IReadOnlyList<WaivedFinding> waived)
    {
        Findings = findings;
        Waived = waived;
        if (plan is null)
        {
            return;
        }

        Environment = plan.Environment;
        Tier = plan.Tier;
        Rows = AccessMatrix.Build(plan);
        Grants = GrantSource.For(plan);
        CredsBackends = plan.Vault.KubernetesSecretRoles.Select(r => r.Backend).ToHashSet(StringComparer.Ordinal);

        // What else decides who may assume an identity: the issuer and audiences its federated
        // credentials trust, and the claims (ref, workflow, ...) and audiences its Vault role binds.
        // A change to any of them hands the identity to other tokens with no grant row changing.
        var credentials = plan.Azure.FederatedCredentials.ToLookup(c => c.Owner.Subject, StringComparer.Ordinal);
        var roles = plan.Vault.JwtRoles.ToLookup(r => r.Owner.Subject, StringComparer.Ordinal);
        // Where the identity lives decides who else controls it: a managed identity moved into another
        // resource group is managed by whoever holds that group; a JWT role on another auth mount is
        // configured by whoever administers that mount.
        var homes = plan.Azure.ManagedIdentities.ToLookup(m => m.Owner.Subject, StringComparer.Ordinal);
        var reach = NetworkReach(plan);
        // The Pod Security level of a pipeline's namespaces bounds what a pod-template writer's token
        // (and every workload there) may be: lowering it is growth no grant row shows.
        var podSecurity = plan.Kubernetes.PodSecurity.GroupBy(p => p.Owner.Pipeline ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(p => $"{p.Namespace} {p.Enforce ?? "none"}").Order(StringComparer.Ordinal)), StringComparer.Ordinal);

        // The first identity of each id, as a scan of the plan's identities finds it.
        foreach (var identity in plan.Identities)
        {
            if (Identities.ContainsKey(identity.Id))
            {
                continue;
            }

            var azure = credentials[identity.Id].ToList();
            var vault = roles[identity.Id].ToList();
            Identities.Add(identity.Id, new DiffIdentity(
                identity.CiSubject, identity.ApprovalGated, identity.TokenTtl,
                Joined(azure.Select(c => c.Issuer)),
                Joined(azure.SelectMany(c => c.Audiences)),
                Joined(vault.SelectMany(r => r.BoundAudiences)),
                Joined(vault.SelectMany(r => r.BoundClaims.Select(c => $"{c.Key}={c.Value}"))),
                Joined(vault.Select(r => r.Backend)),
                Joined(homes[identity.Id].Select(m => m.ResourceGroup)),
                identity.WorkflowRef ?? "",
                // The two texts are shared by every identity of the environment and of the pipeline:
                // joining them per identity would copy the runners' reach once per stage.
                reach.GetValueOrDefault("", ""),
                reach.GetValueOrDefault(identity.Pipeline, ""))
            {
                PodSecurity = podSecurity.GetValueOrDefault(identity.Pipeline, ""),
            });
        }
    }

    /// <summary>Null when the environment does not exist in this version.</summary>
    public string? Environment { get; }

    public Tier Tier { get; }

    public bool Exists => Environment is not null;

    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>The findings an exception waived, each with its exception.</summary>
    public IReadOnlyList<WaivedFinding> Waived { get; }

    /// <summary>The access matrix, sorted (one environment, so by identity, system, scope, resource, action).</summary>
    internal ImmutableArray<AccessRow> Rows { get; } = [];

    internal Dictionary<string, DiffIdentity> Identities { get; } = new(StringComparer.Ordinal);

    internal GrantSource? Grants { get; }

    /// <summary>Backends of the Kubernetes secrets engine: a Vault row there mints a token, it reads no secret.</summary>
    internal HashSet<string> CredsBackends { get; } = new(StringComparer.Ordinal);

    /// <summary>Who may assume an identity, all the diff compares of it (the rest of a StageIdentity is not kept).</summary>
    internal sealed record DiffIdentity(
        string CiSubject, bool ApprovalGated, TimeSpan TokenTtl, string Issuer, string AzureAudiences, string VaultAudiences, string VaultClaims, string VaultAuthMount, string AzureResourceGroup, string WorkflowRef, string EnvironmentReach, string PipelineReach)
    {
        /// <summary>The identity's network reach: the environment's (the runners') lines, then its pipeline's.</summary>
        public string NetworkReach => string.Join("\n", EnvironmentReach, PipelineReach);

        /// <summary>The enforced Pod Security level of each namespace of the identity's pipeline, one <c>namespace level</c> line each.</summary>
        public string PodSecurity { get; init; } = "";
    }

    /// <summary>
    /// Each pipeline's network reach (and, under "", the environment's: the runners'), one line per
    /// direction, namespace, peer and port, sorted: a new egress block reaches more than any grant
    /// row shows, so the diff compares these too.
    /// </summary>
    private static Dictionary<string, string> NetworkReach(Plan plan)
    {
        var lines = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        // Environment-wide policies (the runners' egress) are keyed "": every CI job runs there.
        foreach (var policy in plan.Kubernetes.NetworkPolicies)
        {
            var key = policy.Owner.Pipeline ?? "";
            if (!lines.TryGetValue(key, out var set))
            {
                set = new SortedSet<string>(StringComparer.Ordinal);
                lines.Add(key, set);
            }

            foreach (var (direction, rules) in new[] { ("ingress", policy.Ingress), ("egress", policy.Egress) })
            {
                foreach (var rule in rules)
                {
                    var ports = rule.Ports.IsEmpty ? ["any port"] : rule.Ports.Select(p => $"{p.Port}/{p.Protocol}");
                    var peers = rule.Peers.IsEmpty ? ["any peer"] : rule.Peers.Select(Peer);
                    foreach (var peer in peers)
                    {
                        foreach (var port in ports)
                        {
                            set.Add($"{direction} {policy.Namespace} {(direction == "ingress" ? "from" : "to")} {peer} {port}");
                        }
                    }
                }
            }
        }

        return lines.ToDictionary(l => l.Key, l => string.Join("\n", l.Value), StringComparer.Ordinal);
    }

    private static string Peer(NetworkPeer peer) =>
        peer.Cidr ?? $"namespace {peer.Namespace ?? "*"}{(peer.PodLabels is { Count: > 0 } labels ? "[" + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) + "]" : "")}";

    /// <summary>Distinct values, ordinal order, comma-separated: one comparable text per trust field.</summary>
    private static string Joined(IEnumerable<string> values) => string.Join(", ", values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>One side; <paramref name="plan"/> null when the environment does not exist there.</summary>
    public static DiffSide Of(Plan? plan, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new DiffSide(plan, findings, []);
    }

    /// <summary>One side with the findings and the waived findings of its guardrail report.</summary>
    public static DiffSide Of(Plan? plan, GuardrailReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DiffSide(plan, report.Findings, report.Waived);
    }
}
