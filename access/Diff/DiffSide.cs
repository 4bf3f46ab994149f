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
    private DiffSide(Plan? plan, IReadOnlyList<Finding> findings, IReadOnlyList<WaivedFinding> waived, EnvironmentSettings? settings, IReadOnlyList<Pipeline>? pipelines = null)
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
        Targets = DiffTargets.Of(plan, settings);
        Network = NetworkFlows(plan);
        // Per namespace, not only per identity: a paused pipeline has no identity, yet its namespaces
        // keep running workloads, and lowering their level is growth no identity's trust shows.
        foreach (var patch in plan.Kubernetes.PodSecurity)
        {
            PodSecurityLevels.TryAdd(patch.Namespace, (patch.Owner.Pipeline ?? "environment", patch.Enforce ?? "none"));
        }

        // What else decides who may assume an identity: the issuer, subjects and audiences its federated
        // credentials trust, and the claims (ref, workflow, ...), audiences and lifetimes of its Vault
        // roles. A change to any of them hands the identity to other tokens with no grant row changing.
        var credentials = plan.Azure.FederatedCredentials.ToLookup(c => c.Owner.Subject, StringComparer.Ordinal);
        var roles = plan.Vault.JwtRoles.ToLookup(r => r.Owner.Subject, StringComparer.Ordinal);
        var engineRoles = plan.Vault.KubernetesSecretRoles.ToLookup(r => r.Owner.Subject, StringComparer.Ordinal);
        // Where the identity lives decides who else controls it: a managed identity moved into another
        // resource group is managed by whoever holds that group; a JWT role on another auth mount is
        // configured by whoever administers that mount.
        var homes = plan.Azure.ManagedIdentities.ToLookup(m => m.Owner.Subject, StringComparer.Ordinal);
        // The Pod Security level of a pipeline's namespaces bounds what a pod-template writer's token
        // (and every workload there) may be: lowering it is growth no grant row shows.
        var podSecurity = plan.Kubernetes.PodSecurity.GroupBy(p => p.Owner.Pipeline ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(p => $"{p.Namespace} {p.Enforce ?? "none"}").Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        // Who governs a pipeline: its approvers let a production release (and its token) happen, its
        // maintainers change the pipeline. Adding a person widens who controls the identity.
        var governance = (pipelines ?? []).GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Approvers: Joined(g.First().Approvers), Maintainers: Joined(g.First().Maintainers)), StringComparer.Ordinal);

        // The first identity of each id, as a scan of the plan's identities finds it.
        foreach (var identity in plan.Identities)
        {
            var id = identity.Id;
            if (Identities.ContainsKey(id))
            {
                continue;
            }

            var azure = credentials[id].ToList();
            var vault = roles[id].ToList();
            var engine = engineRoles[id].ToList();
            Identities.Add(id, new DiffIdentity(
                identity.CiSubject, identity.ApprovalGated,
                new TokenLifetimes(
                    (long)identity.TokenTtl.TotalSeconds,
                    vault.Select(r => r.TokenTtl).DefaultIfEmpty().Max(),
                    vault.Select(r => r.TokenMaxTtl).DefaultIfEmpty().Max(),
                    vault.Select(r => r.TokenExplicitMaxTtl).DefaultIfEmpty().Max(),
                    engine.Select(r => r.TokenDefaultTtl).DefaultIfEmpty().Max(),
                    engine.Select(r => r.TokenMaxTtl).DefaultIfEmpty().Max()),
                Joined(azure.Select(c => c.Issuer)),
                Joined(azure.Select(c => c.Subject)),
                Joined(azure.SelectMany(c => c.Audiences)),
                Joined(vault.SelectMany(r => r.BoundAudiences)),
                Joined(vault.Select(r => r.BoundSubject)),
                Joined(vault.SelectMany(r => r.BoundClaims.Select(c => $"{c.Key}={c.Value}"))),
                Joined(vault.Select(r => r.BoundClaimsType)),
                Joined(vault.Select(r => r.UserClaim)),
                vault.Any(r => !r.TokenNoDefaultPolicy),
                Joined(vault.Select(r => r.Backend)),
                Joined(homes[id].Select(m => m.ResourceGroup)),
                identity.WorkflowRef ?? "")
            {
                PodSecurity = podSecurity.GetValueOrDefault(identity.Pipeline, ""),
                Approvers = governance.GetValueOrDefault(identity.Pipeline).Approvers ?? "",
                Maintainers = governance.GetValueOrDefault(identity.Pipeline).Maintainers ?? "",
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

    /// <summary>What the production reach of other environments is judged against.</summary>
    internal DiffTargets? Targets { get; }

    /// <summary>Each namespace's allowed flows and default-deny directions, sorted lines joined by '\n', with the pipeline that owns them.</summary>
    internal Dictionary<string, (string Pipeline, string Flows)> Network { get; } = new(StringComparer.Ordinal);

    /// <summary>Each pipeline namespace's enforced Pod Security level, with the pipeline that owns it.</summary>
    internal Dictionary<string, (string Pipeline, string Level)> PodSecurityLevels { get; } = new(StringComparer.Ordinal);

    /// <summary>Who may assume an identity, all the diff compares of it (the rest of a StageIdentity is not kept).</summary>
    internal sealed record DiffIdentity(
        string CiSubject,
        bool ApprovalGated,
        TokenLifetimes Lifetimes,
        string Issuer,
        string AzureSubjects,
        string AzureAudiences,
        string VaultAudiences,
        string VaultSubject,
        string VaultClaims,
        string VaultClaimsType,
        string UserClaim,
        bool DefaultPolicy,
        string VaultAuthMount,
        string AzureResourceGroup,
        string WorkflowRef)
    {
        /// <summary>The enforced Pod Security level of each namespace of the identity's pipeline, one <c>namespace level</c> line each.</summary>
        public string PodSecurity { get; init; } = "";

        /// <summary>The pipeline's approvers, comma-separated; empty when the side was built without its definition.</summary>
        public string Approvers { get; init; } = "";

        /// <summary>The pipeline's maintainers, comma-separated; empty when the side was built without its definition.</summary>
        public string Maintainers { get; init; } = "";
    }

    /// <summary>
    /// How long a token of the identity lives, in seconds: the stage's TTL, its Vault JWT roles'
    /// token_ttl, token_max_ttl and token_explicit_max_ttl, and its Kubernetes secrets-engine roles'
    /// default and maximum ServiceAccount token TTL (the largest of each when there are several).
    /// </summary>
    internal sealed record TokenLifetimes(long Stage, int Ttl, int MaxTtl, int ExplicitMaxTtl, int KubernetesTtl, int KubernetesMaxTtl)
    {
        /// <summary>Whether any lifetime is longer than in <paramref name="before"/>: a token that lives longer is usable longer after a leak.</summary>
        public bool LongerThan(TokenLifetimes before) =>
            Stage > before.Stage || Ttl > before.Ttl || MaxTtl > before.MaxTtl || ExplicitMaxTtl > before.ExplicitMaxTtl
            || KubernetesTtl > before.KubernetesTtl || KubernetesMaxTtl > before.KubernetesMaxTtl;
    }

    /// <summary>
    /// Each namespace's network: one line per direction, peer and port its NetworkPolicies allow, and
    /// one per direction it denies by default, sorted. The runners' namespace belongs to the environment.
    /// </summary>
    private static Dictionary<string, (string Pipeline, string Flows)> NetworkFlows(Plan plan)
    {
        var lines = new Dictionary<string, (string Pipeline, SortedSet<string> Lines)>(StringComparer.Ordinal);
        foreach (var policy in plan.Kubernetes.NetworkPolicies)
        {
            if (!lines.TryGetValue(policy.Namespace, out var entry))
            {
                entry = (policy.Owner.Pipeline ?? "environment", new SortedSet<string>(StringComparer.Ordinal));
                lines.Add(policy.Namespace, entry);
            }

            foreach (var (direction, rules) in new[] { ("ingress", policy.Ingress), ("egress", policy.Egress) })
            {
                // A policy of this direction's type without a rule selects every pod and allows nothing: a default deny.
                if (rules.IsEmpty && policy.PolicyTypes.Contains(direction == "ingress" ? "Ingress" : "Egress", StringComparer.Ordinal))
                {
                    entry.Lines.Add($"{DefaultDeny} {direction}");
                }

                foreach (var rule in rules)
                {
                    var ports = rule.Ports.IsEmpty ? ["any port"] : rule.Ports.Select(p => $"{p.Port}/{p.Protocol}");
                    var peers = rule.Peers.IsEmpty ? ["any peer"] : rule.Peers.Select(Peer);
                    foreach (var peer in peers)
                    {
                        foreach (var port in ports)
                        {
                            entry.Lines.Add($"{direction} {(direction == "ingress" ? "from" : "to")} {peer} {port}");
                        }
                    }
                }
            }
        }

        return lines.ToDictionary(l => l.Key, l => (l.Value.Pipeline, string.Join("\n", l.Value.Lines)), StringComparer.Ordinal);
    }

    /// <summary>How a default-deny direction reads in the network lines; losing one widens.</summary>
    internal const string DefaultDeny = "default-deny";

    private static string Peer(NetworkPeer peer) =>
        peer.Cidr ?? $"namespace {peer.Namespace ?? "*"}{(peer.PodLabels is { Count: > 0 } labels ? "[" + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) + "]" : "")}";

    /// <summary>Distinct values, ordinal order, comma-separated: one comparable text per trust field.</summary>
    private static string Joined(IEnumerable<string> values) => string.Join(", ", values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>One side; <paramref name="plan"/> null when the environment does not exist there.</summary>
    public static DiffSide Of(Plan? plan, IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return new DiffSide(plan, findings, [], settings: null);
    }

    /// <summary>One side with the findings and the waived findings of its guardrail report.</summary>
    public static DiffSide Of(Plan? plan, GuardrailReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DiffSide(plan, report.Findings, report.Waived, settings: null);
    }

    /// <summary>
    /// One side with its guardrail report and the environment's settings, which name what the plan
    /// does not carry (the cluster, the Vault server, the registry): the diff then also knows when a
    /// row of another environment lands on this one's production resources.
    /// </summary>
    public static DiffSide Of(Plan? plan, GuardrailReport report, EnvironmentSettings? settings)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DiffSide(plan, report.Findings, report.Waived, settings);
    }

    /// <summary>
    /// One side from its definition: the settings name what the plan does not carry, and the
    /// pipelines' approvers and maintainers are compared as who governs each identity.
    /// </summary>
    public static DiffSide OfDefinition(Plan? plan, GuardrailReport report, EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(definition);
        return new DiffSide(plan, report.Findings, report.Waived, definition.Environment, definition.Pipelines);
    }
}
