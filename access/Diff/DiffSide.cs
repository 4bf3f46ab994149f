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
        Settings = settings;
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
        var credentials = ByOwner(plan.Azure.FederatedCredentials, c => c.Owner.Subject);
        var roles = ByOwner(plan.Vault.JwtRoles, r => r.Owner.Subject);
        var engineRoles = ByOwner(plan.Vault.KubernetesSecretRoles, r => r.Owner.Subject);
        // Where the identity lives decides who else controls it: a managed identity moved into another
        // resource group is managed by whoever holds that group; a JWT role on another auth mount is
        // configured by whoever administers that mount.
        var homes = ByOwner(plan.Azure.ManagedIdentities, m => m.Owner.Subject);
        // What the identity's admission policies let its writes change (image, replicas within bounds,
        // restart annotation, ...): RBAC rows stay the same when a bound is raised.
        var admission = ByOwner(plan.Admission.Policies, p => p.Owner.Subject);
        // GitHub governance of the identity's repository and CI environment: who approves, which refs
        // may deploy, who owns the workflow file. Keyed once: a catalog has thousands of repositories.
        var repositories = plan.Governance.Repositories
            .GroupBy(r => r.Repository, Definition.UpstreamNames.GitHub)
            .ToDictionary(g => g.Key, g => g.First(), Definition.UpstreamNames.GitHub);
        // The Pod Security level of a pipeline's namespaces bounds what a pod-template writer's token
        // (and every workload there) may be: lowering it is growth no grant row shows.
        var podSecurity = plan.Kubernetes.PodSecurity.GroupBy(p => p.Owner.Pipeline ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(p => $"{p.Namespace} {p.Enforce ?? "none"}").Order(StringComparer.Ordinal)), StringComparer.Ordinal);
        // Who governs a pipeline: its approvers let a production release (and its token) happen, its
        // maintainers change the pipeline. Adding a person widens who controls the identity. Its
        // reviewBy bounds how long its access lives unreviewed; its team decides which deployer
        // registers its identities.
        var governance = (pipelines ?? []).GroupBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (g.First().ReviewBy, g.First().Team, Approvers: Joined(g.First().Approvers), Maintainers: Joined(g.First().Maintainers)), StringComparer.Ordinal);

        // One buffer for every trust text: most identities have one credential and one role, so most
        // texts are a single value, kept as the plan's own string rather than copied.
        var values = new List<string>();
        Identities.EnsureCapacity(plan.Identities.Length);

        // The first identity of each id, as a scan of the plan's identities finds it.
        foreach (var identity in plan.Identities)
        {
            var id = identity.Id;
            if (Identities.ContainsKey(id))
            {
                continue;
            }

            var azure = credentials.GetValueOrDefault(id) ?? [];
            var vault = roles.GetValueOrDefault(id) ?? [];
            var engine = engineRoles.GetValueOrDefault(id) ?? [];
            var home = homes.GetValueOrDefault(id) ?? [];
            var governed = governance.TryGetValue(identity.Pipeline, out var governs);
            var defaultPolicy = false;
            foreach (var role in vault)
            {
                defaultPolicy |= !role.TokenNoDefaultPolicy;
            }

            Identities.Add(id, new DiffIdentity(
                identity.CiSubject, identity.ApprovalGated,
                new TokenLifetimes(
                    (long)identity.TokenTtl.TotalSeconds,
                    Max(vault, r => r.TokenTtl),
                    Max(vault, r => r.TokenMaxTtl),
                    Max(vault, r => r.TokenExplicitMaxTtl),
                    Max(engine, r => r.TokenDefaultTtl),
                    Max(engine, r => r.TokenMaxTtl)),
                Joined(values, azure, c => c.Issuer),
                Joined(values, azure, c => c.Subject),
                JoinedMany(values, azure, c => c.Audiences),
                JoinedMany(values, vault, r => r.BoundAudiences),
                Joined(values, vault, r => r.BoundSubject),
                Claims(values, vault),
                Joined(values, vault, r => r.BoundClaimsType),
                Joined(values, vault, r => r.UserClaim),
                defaultPolicy,
                Joined(values, vault, r => r.Backend),
                Joined(values, home, m => m.ResourceGroup),
                identity.WorkflowRef ?? "")
            {
                Governance = GovernanceOf(repositories.GetValueOrDefault(identity.Repository), identity),
                PodSecurity = podSecurity.GetValueOrDefault(identity.Pipeline, ""),
                Approvers = governed ? governs.Approvers : "",
                Maintainers = governed ? governs.Maintainers : "",
                ReviewBy = governed ? governs.ReviewBy : null,
                Team = governed ? governs.Team : "",
                Admission = admission.TryGetValue(id, out var policies) ? AdmissionText(policies) : "",
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

    /// <summary>The environment's settings, compared field by field (<see cref="SettingsDiff"/>); null when the side was built without them.</summary>
    internal EnvironmentSettings? Settings { get; }

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

        /// <summary>What GitHub enforces before the identity's token exists: its CI environment's protection and its workflow's owners.</summary>
        public DiffGovernance Governance { get; init; } = DiffGovernance.None;

        /// <summary>The pipeline's approvers, comma-separated; empty when the side was built without its definition.</summary>
        public string Approvers { get; init; } = "";

        /// <summary>The pipeline's maintainers, comma-separated; empty when the side was built without its definition.</summary>
        public string Maintainers { get; init; } = "";

        /// <summary>The pipeline's reviewBy: until then its access lives without another review; null when the side was built without its definition.</summary>
        public DateOnly? ReviewBy { get; init; }

        /// <summary>The pipeline's team: it decides which deployer registers the identity; empty when the side was built without its definition.</summary>
        public string Team { get; init; } = "";

        /// <summary>The identity's admission policies, one sorted line per match rule, variable, validation and binding (<see cref="AdmissionText"/>).</summary>
        public string Admission { get; init; } = "";
    }

    /// <summary>
    /// The GitHub governance an identity depends on, as comparable texts: the required reviewers of its
    /// CI environment, whether self-review is prevented, the wait timer, the refs that may deploy, and
    /// the CODEOWNERS owners of its workflow file. Logins and teams are lower-cased: GitHub ignores case.
    /// </summary>
    internal sealed record DiffGovernance(string Reviewers, string SelfReview, int WaitTimerMinutes, string DeploymentRefs, string WorkflowOwners)
    {
        public static DiffGovernance None { get; } = new("", "", 0, "", "");
    }

    private static DiffGovernance GovernanceOf(Governance.RepositoryGovernance? repository, StageIdentity identity)
    {
        var environment = repository?.Environment(identity.CiEnvironment);
        var owners = "";
        if (repository is not null && identity.WorkflowRef is { } workflowRef && workflowRef.LastIndexOf('@') is var at && at > identity.Repository.Length + 1)
        {
            var workflow = workflowRef[(identity.Repository.Length + 1)..at];
            owners = Joined(repository.CodeOwnersOf("/" + workflow)?.Owners.Select(o => o.Text.ToLowerInvariant()) ?? []);
        }

        if (environment is null)
        {
            return DiffGovernance.None with { WorkflowOwners = owners };
        }

        var refs = environment.Refs.AnyRef ? "every branch and tag"
            : environment.Refs.ProtectedBranches ? "every protected branch"
            : Joined(environment.Refs.Custom.Select(p => (p.Kind == Governance.RefKind.Tag ? "tag " : "branch ") + p.Name));
        return new DiffGovernance(
            Joined(environment.Reviewers.Select(r => r.Text.ToLowerInvariant())),
            environment.PreventSelfReview ? "prevented" : "allowed",
            environment.WaitTimerMinutes,
            refs,
            owners);
    }

    /// <summary>
    /// An identity's admission policies as comparable lines: what they match, their CEL variables and
    /// validations, their failure policy and their bindings' actions and params. A change to any of them
    /// changes which writes the API server lets through, with no RBAC row changing.
    /// </summary>
    private static string AdmissionText(List<Admission.AdmissionPolicyDeclaration> policies)
    {
        var lines = new List<string>();
        foreach (var policy in policies)
        {
            lines.Add($"{policy.Name} failurePolicy {policy.FailurePolicy}, params {policy.ParamKind?.Kind ?? "none"}");
            lines.AddRange(policy.MatchRules.Select(m => $"{policy.Name} matches {string.Join(",", m.Operations)} {string.Join(",", m.ApiGroups)}/{string.Join(",", m.Resources)}"));
            lines.AddRange(policy.Variables.Select(v => $"{policy.Name} variable {v.Name} = {v.Expression}"));
            lines.AddRange(policy.Validations.Select(v => $"{policy.Name} validates {v.Expression}"));
            lines.AddRange(policy.Bindings.Select(b => $"{policy.Name} binding {b.Name} {string.Join(",", b.ValidationActions)}{(b.Param is { } param ? $" params {param.Namespace}/{param.Name}" : "")}"));
        }

        return SortedDistinct(lines, "\n");
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
        var lines = new Dictionary<string, (string Pipeline, List<string> Lines)>(StringComparer.Ordinal);
        // Most rules name the same few ports: one text per port, not one per rule and peer.
        var portTexts = new Dictionary<(int, string), string>();
        foreach (var policy in plan.Kubernetes.NetworkPolicies)
        {
            if (!lines.TryGetValue(policy.Namespace, out var entry))
            {
                entry = (policy.Owner.Pipeline ?? "environment", new List<string>());
                lines.Add(policy.Namespace, entry);
            }

            AddFlows(entry.Lines, policy, "Ingress", policy.Ingress, portTexts);
            AddFlows(entry.Lines, policy, "Egress", policy.Egress, portTexts);
        }

        var flows = new Dictionary<string, (string Pipeline, string Flows)>(lines.Count, StringComparer.Ordinal);
        foreach (var (name, (pipeline, namespaceLines)) in lines)
        {
            flows.Add(name, (pipeline, SortedDistinct(namespaceLines, "\n")));
        }

        return flows;
    }

    /// <summary>The lines of one direction of a policy: <c>ingress from PEER PORT</c> or <c>egress to PEER PORT</c>, or its default deny.</summary>
    private static void AddFlows(List<string> lines, NetworkPolicyDeclaration policy, string type, ImmutableArray<NetworkRule> rules, Dictionary<(int, string), string> portTexts)
    {
        var ingress = type == "Ingress";
        // A policy of this direction's type without a rule selects every pod and allows nothing: a default deny.
        if (rules.IsEmpty && policy.PolicyTypes.Contains(type, StringComparer.Ordinal))
        {
            lines.Add(ingress ? DefaultDeny + " ingress" : DefaultDeny + " egress");
        }

        var prefix = ingress ? "ingress from " : "egress to ";
        foreach (var rule in rules)
        {
            var ports = new string[rule.Ports.IsEmpty ? 1 : rule.Ports.Length];
            if (rule.Ports.IsEmpty)
            {
                ports[0] = "any port";
            }

            for (var i = 0; i < rule.Ports.Length; i++)
            {
                var port = rule.Ports[i];
                if (!portTexts.TryGetValue((port.Port, port.Protocol), out var text))
                {
                    portTexts.Add((port.Port, port.Protocol), text = $"{port.Port}/{port.Protocol}");
                }

                ports[i] = text;
            }

            if (rule.Peers.IsEmpty)
            {
                AddLines(lines, prefix, "any peer", ports);
            }

            foreach (var peer in rule.Peers)
            {
                AddLines(lines, prefix, Peer(peer), ports);
            }
        }
    }

    private static void AddLines(List<string> lines, string prefix, string peer, string[] ports)
    {
        foreach (var port in ports)
        {
            lines.Add(string.Concat(prefix, peer, " ", port));
        }
    }

    /// <summary>How a default-deny direction reads in the network lines; losing one widens.</summary>
    internal const string DefaultDeny = "default-deny";

    private static string Peer(NetworkPeer peer) =>
        peer.Cidr ?? $"namespace {peer.Namespace ?? "*"}{(peer.PodLabels is { Count: > 0 } labels ? "[" + string.Join(",", labels.Select(l => $"{l.Key}={l.Value}")) + "]" : "")}";

    /// <summary>A plan's declarations grouped by owner subject, in plan order.</summary>
    private static Dictionary<string, List<T>> ByOwner<T>(ImmutableArray<T> declarations, Func<T, string> owner)
    {
        var groups = new Dictionary<string, List<T>>(declarations.Length, StringComparer.Ordinal);
        foreach (var declaration in declarations)
        {
            var key = owner(declaration);
            if (!groups.TryGetValue(key, out var group))
            {
                groups.Add(key, group = new List<T>(1));
            }

            group.Add(declaration);
        }

        return groups;
    }

    /// <summary>The largest value, 0 when there is none.</summary>
    private static int Max<T>(List<T> items, Func<T, int> value)
    {
        if (items.Count == 0)
        {
            return 0;
        }

        var max = value(items[0]);
        for (var i = 1; i < items.Count; i++)
        {
            max = Math.Max(max, value(items[i]));
        }

        return max;
    }

    private static string Joined<T>(List<string> values, List<T> items, Func<T, string> value)
    {
        values.Clear();
        foreach (var item in items)
        {
            values.Add(value(item));
        }

        return Joined(values);
    }

    private static string JoinedMany<T>(List<string> values, List<T> items, Func<T, ImmutableArray<string>> many)
    {
        values.Clear();
        foreach (var item in items)
        {
            values.AddRange(many(item));
        }

        return Joined(values);
    }

    /// <summary>The Vault roles' bound claims as <c>key=value</c>.</summary>
    private static string Claims(List<string> values, List<JwtRoleDeclaration> roles)
    {
        values.Clear();
        foreach (var role in roles)
        {
            foreach (var (key, value) in role.BoundClaims)
            {
                values.Add(string.Concat(key, "=", value));
            }
        }

        return Joined(values);
    }

    /// <summary>
    /// Distinct values, ordinal order, comma-separated: one comparable text per trust field. Sorting
    /// and dropping neighbours that are equal gives what Distinct and Order give, without their buffers;
    /// a single value is returned as it is.
    /// </summary>
    private static string Joined(List<string> values) => SortedDistinct(values, ", ");

    // Governance texts are few (one per repository environment), so their sequences are simply listed.
    private static string Joined(IEnumerable<string> values) => SortedDistinct([.. values], ", ");

    private static string SortedDistinct(List<string> values, string separator)
    {
        switch (values.Count)
        {
            case 0:
                return "";
            case 1:
                return values[0];
        }

        values.Sort(StringComparer.Ordinal);
        var distinct = 1;
        for (var i = 1; i < values.Count; i++)
        {
            if (!string.Equals(values[i], values[distinct - 1], StringComparison.Ordinal))
            {
                values[distinct++] = values[i];
            }
        }

        values.RemoveRange(distinct, values.Count - distinct);
        return distinct == 1 ? values[0] : string.Join(separator, values);
    }

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
