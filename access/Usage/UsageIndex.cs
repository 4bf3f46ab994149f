using System.Collections.Immutable;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;

namespace Infra.Access.Usage;

/// <summary>
/// A stage identity as the audit logs name it: the ServiceAccount user Kubernetes logs
/// (<c>system:serviceaccount:NS:NAME</c>), the Vault JWT role and policy, and since when its access
/// is gone (null while the pipeline is active; the start of time when paused or decommissioned; the
/// day after reviewBy when suspended).
/// </summary>
public sealed record PlannedIdentity(StageIdentity Stage, string ServiceAccountUser, string VaultRole, string VaultPolicy, DateTimeOffset? RevokedSince)
{
    /// <summary><c>pipeline/stage</c>, built once: every record of a large log looks identities up by it.</summary>
    public string Id { get; } = Stage.Id;

    /// <summary>The display name Vault gives a token of the stage's JWT role: the mount's prefix, then the CI subject.</summary>
    public string JwtDisplayName { get; init; } = "";

    public bool IsRevokedAt(DateTimeOffset time) => RevokedSince is { } since && time >= since;
}

/// <summary>A live grant of the plan (a row of the access matrix), who grants it and the definition line that declares it.</summary>
public sealed record PlannedGrant(int Index, AccessRow Row, string GrantedBy, SourceLocation Declared);

/// <summary>
/// The plan, indexed the way audit events ask it: by ServiceAccount user, Vault role and policy, and
/// per identity by the grant a request would use. Grants are the access matrix's rows, the same
/// rows the diff and who-can read, so the three never disagree on what an identity holds.
/// </summary>
public sealed class UsageIndex
{
    private readonly Dictionary<string, PlannedIdentity> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlannedIdentity> _byRole = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlannedIdentity> _byPolicy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlannedIdentity> _byId = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pipelineNamespaces = new(StringComparer.Ordinal);
    // Keyed by the parts of the matrix row's resource (group, resource, subresource: "" when none), as
    // an Event's objectRef holds them, so a lookup builds no "group/resource/subresource" string.
    private readonly Dictionary<(string Identity, string Namespace, string Verb, string Group, string Resource, string Subresource), KubernetesGrants> _kubernetes = [];
    private readonly Dictionary<(string Identity, string Path, string Capability), int> _vault = [];
    private readonly Dictionary<string, List<PlannedGrant>> _grantsOf = new(StringComparer.Ordinal);

    private UsageIndex(EnvironmentDefinition definition, Plan plan)
    {
        Plan = plan;
        Definition = definition;
        var env = definition.Environment;
        // Vault prefixes a token's display name with its auth mount, '/' turned into '-' (request_handling.go).
        JwtDisplayPrefix = env.Vault.JwtAuthPath.Trim('/').Replace('/', '-') + "-";
        JwtLoginPath = "auth/" + env.Vault.JwtAuthPath.Trim('/') + "/login";
        var stages = plan.Identities.ToDictionary(i => i.Id, StringComparer.Ordinal);
        var declared = new Dictionary<(string Identity, string System, string Scope, string Resource, string Action), SourceLocation>();
        var identities = ImmutableArray.CreateBuilder<PlannedIdentity>();
        foreach (var pipeline in definition.Pipelines.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            _pipelineNamespaces.UnionWith(pipeline.Namespaces);
            foreach (var stage in pipeline.Stages.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                if (!stages.TryGetValue($"{pipeline.Name}/{stage.Name}", out var identity))
                {
                    continue;
                }

                var name = Planner.StageName(pipeline, stage);
                var planned = new PlannedIdentity(identity, $"system:serviceaccount:{pipeline.HomeNamespace}:{name}", name,
                    Names.Derive(Names.KubernetesMax, "ci", env.Name, pipeline.Name, stage.Name), RevokedSince(identity, pipeline))
                {
                    JwtDisplayName = JwtDisplayPrefix + identity.CiSubject,
                };
                identities.Add(planned);
                _byId[identity.Id] = planned;
                _byUser.TryAdd(planned.ServiceAccountUser, planned);
                _byRole.TryAdd(planned.VaultRole, planned);
                _byPolicy.TryAdd(planned.VaultPolicy, planned);
                Declare(declared, env, identity.Id, name, stage);
            }
        }

        Identities = identities.ToImmutable();
        var source = GrantSource.For(plan);
        var grants = ImmutableArray.CreateBuilder<PlannedGrant>();
        foreach (var row in AccessMatrix.Build(plan))
        {
            var location = declared.GetValueOrDefault((row.Identity, row.System, row.Scope, row.Resource, row.Action))
                ?? (_byId.TryGetValue(row.Identity, out var owner) ? owner.Stage.Location : SourceLocation.Unknown(plan.File));
            var grant = new PlannedGrant(grants.Count, row, source.Of(row), location);
            grants.Add(grant);
            if (!_grantsOf.TryGetValue(row.Identity, out var list))
            {
                _grantsOf[row.Identity] = list = [];
            }

            list.Add(grant);
            if (row.System == AccessMatrix.Kubernetes)
            {
                var colon = row.Resource.IndexOf(':', StringComparison.Ordinal);
                var parts = (colon < 0 ? row.Resource : row.Resource[..colon]).Split('/');
                var key = (row.Identity, row.Scope, row.Action, parts[0], parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? string.Join('/', parts[2..]) : "");
                if (!_kubernetes.TryGetValue(key, out var held))
                {
                    _kubernetes[key] = held = new KubernetesGrants();
                }

                if (colon < 0)
                {
                    held.Unnamed = grant.Index;
                }
                else
                {
                    held.Named.TryAdd(row.Resource[(colon + 1)..], grant.Index);
                }
            }
            else if (row.System == AccessMatrix.Vault)
            {
                _vault.TryAdd((row.Identity, row.Resource, row.Action), grant.Index);
            }
        }

        Grants = grants.ToImmutable();
    }

    public Plan Plan { get; }

    public EnvironmentDefinition Definition { get; }

    public ImmutableArray<PlannedIdentity> Identities { get; }

    public ImmutableArray<PlannedGrant> Grants { get; }

    /// <summary>What Vault puts before the CI subject in the display name of a token from the JWT auth mount.</summary>
    public string JwtDisplayPrefix { get; }

    /// <summary>The login path of the CI JWT auth mount.</summary>
    public string JwtLoginPath { get; }

    public static UsageIndex Build(EnvironmentDefinition definition, Plan plan)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(plan);
        return new UsageIndex(definition, plan);
    }

    public PlannedIdentity? ByServiceAccountUser(string user) => _byUser.GetValueOrDefault(user);

    public PlannedIdentity? ByVaultRole(string role) => _byRole.GetValueOrDefault(role);

    public PlannedIdentity? ByVaultPolicy(string policy) => _byPolicy.GetValueOrDefault(policy);

    /// <summary>Whether the namespace is a pipeline's; it takes a namespace cut out of a user name, so no string is made per record.</summary>
    public bool IsPipelineNamespace(ReadOnlySpan<char> ns) => _pipelineNamespaces.GetAlternateLookup<ReadOnlySpan<char>>().Contains(ns);

    public IReadOnlyList<PlannedGrant> GrantsOf(string identity) => _grantsOf.TryGetValue(identity, out var list) ? list : [];

    /// <summary>
    /// The grant a Kubernetes request uses: a rule naming the object wins over one for every object of
    /// the kind (what RBAC would also allow), so pruning advice stays with the narrowest rule. -1 when none.
    /// The group is "core" for the core group, the subresource "" for none.
    /// </summary>
    public int KubernetesGrant(string identity, string ns, string verb, string group, string resource, string subresource, string? name)
    {
        if (!_kubernetes.TryGetValue((identity, ns, verb, group, resource, subresource), out var held))
        {
            return -1;
        }

        return name is not null && held.Named.TryGetValue(name, out var named) ? named : held.Unnamed;
    }

    /// <summary>The grant a Vault request uses: the exact path with the capability of its operation; -1 when none.</summary>
    public int VaultGrant(string identity, string path, string capability) =>
        _vault.TryGetValue((identity, path, capability), out var index) ? index : -1;

    private static DateTimeOffset? RevokedSince(StageIdentity identity, Pipeline pipeline) => identity.State switch
    {
        PipelineState.Active => null,
        // Suspended from the day after reviewBy (the date itself is still in time, Planner.StateOn).
        PipelineState.Suspended => new DateTimeOffset(pipeline.ReviewBy.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        _ => DateTimeOffset.MinValue,
    };

    /// <summary>Which capability line of the stage declares each row it grants; the stage line for the secrets-engine path every Kubernetes stage gets.</summary>
    private static void Declare(Dictionary<(string, string, string, string, string), SourceLocation> declared, EnvironmentSettings env, string identity, string name, Stage stage)
    {
        foreach (var use in stage.Capabilities)
        {
            switch (use.Capability.System)
            {
                case CapabilitySystem.Kubernetes when use.Namespace is { } ns:
                    foreach (var rule in Planner.KubernetesRules([use]))
                    {
                        foreach (var resource in AccessMatrix.KubernetesResources(rule))
                        {
                            foreach (var verb in rule.Verbs)
                            {
                                declared.TryAdd((identity, AccessMatrix.Kubernetes, ns, resource, verb), use.Location);
                            }
                        }
                    }

                    declared.TryAdd((identity, AccessMatrix.Vault, env.Vault.KubernetesSecretsPath.Split('/')[0], $"{env.Vault.KubernetesSecretsPath}/creds/{name}", "update"), use.Location);
                    break;
                case CapabilitySystem.Vault:
                    foreach (var path in use.Objects)
                    {
                        var slash = path.IndexOf('/', StringComparison.Ordinal);
                        foreach (var capability in use.Capability.VaultCapabilities)
                        {
                            declared.TryAdd((identity, AccessMatrix.Vault, slash < 0 ? path : path[..slash], path, capability), use.Location);
                        }
                    }

                    break;
                default:
                    break;
            }
        }
    }

    private sealed class KubernetesGrants
    {
        public int Unnamed { get; set; } = -1;

        public Dictionary<string, int> Named { get; } = new(StringComparer.Ordinal);
    }
}
