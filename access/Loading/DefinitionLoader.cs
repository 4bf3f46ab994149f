using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Admission;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Format;
using Infra.Access.Yaml;

namespace Infra.Access.Loading;

/// <summary>
/// Turns the text of <c>stacks/&lt;env&gt;.yaml</c> into a validated <see cref="EnvironmentDefinition"/>.
/// Every problem is reported with file, line, column and field path; nothing is guessed or ignored.
/// </summary>
public static class DefinitionLoader
{
    public static LoadResult Load(string text, string file, LoadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        limits ??= LoadLimits.Default;
        var (root, syntaxError) = YamlTreeReader.Read(text, file, limits);
        if (root is null)
        {
            return new LoadResult(null, [syntaxError!]);
        }

        var errors = new DefinitionErrors(limits.MaxErrors);
        var definition = Bind(root, file, errors);
        if (errors.Count > 0)
        {
            return new LoadResult(null, [.. errors.Distinct().OrderBy(e => e.Location).ThenBy(e => e.Field, StringComparer.Ordinal)], errors.Omitted);
        }

        return new LoadResult(definition, []);
    }

    private static EnvironmentDefinition? Bind(YamlNode root, string file, DefinitionErrors errors)
    {
        var reader = ObjectReader.Open(root, DefinitionFormat.Root, FieldPath.Root, errors);
        if (reader is null)
        {
            return null;
        }

        var environment = reader.Object("environment") is { } e ? ReadEnvironment(e) : null;
        var pipelines = reader.Objects("pipelines").Select(p => ReadPipeline(p, environment)).OfType<Pipeline>().ToImmutableArray();
        var exceptions = reader.Objects("exceptions").Select(ReadException).OfType<Waiver>().ToImmutableArray();
        if (environment is null)
        {
            return null;
        }

        CheckUnique(reader, pipelines.Select(p => (p.Name, p.Location)), "pipelines", "pipeline");
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pipeline in pipelines)
        {
            foreach (var ns in pipeline.Namespaces)
            {
                if (!owners.TryAdd(ns, pipeline.Name))
                {
                    reader.Error(pipeline.Location, $"pipelines[{pipeline.Name}].namespaces",
                        $"namespace '{ns}' already belongs to pipeline '{owners[ns]}'; namespaces are the isolation boundary, one pipeline each");
                }
            }

            if (environment.Cluster.RunnerNamespace is { } runner && pipeline.Namespaces.Contains(runner))
            {
                reader.Error(pipeline.Location, $"pipelines[{pipeline.Name}].namespaces", $"namespace '{runner}' is the CI runner namespace, not a deployment target");
            }
        }

        return new EnvironmentDefinition(file, environment, pipelines, exceptions);
    }

    private static EnvironmentSettings? ReadEnvironment(ObjectReader r)
    {
        var name = r.String("name");
        var tier = r.String("tier") == "production" ? Tier.Production : Tier.NonProduction;
        var cluster = r.Object("cluster") is { } c ? ReadCluster(c) : null;
        var ci = r.Object("ci") is { } i ? ReadCi(i) : null;
        var vault = r.Object("vault") is { } v ? ReadVault(v) : null;
        var azure = r.Object("azure") is { } a ? ReadAzure(a) : null;
        var ceiling = r.Duration("tokenTtlCeiling");
        var audit = r.Object("audit") is { } au ? ReadAudit(au) : null;
        if (ceiling is { } asked && asked > GovernanceLimits.TokenTtlCeilingMax(tier))
        {
            r.Error(r.LocationOf("tokenTtlCeiling"), r.Join("tokenTtlCeiling"),
                $"{Patterns.FormatDuration(asked)} is above the largest ceiling of {(tier == Tier.Production ? "production" : "this tier")}, {Patterns.FormatDuration(GovernanceLimits.TokenTtlCeilingMax(tier))}: a CI token outlives its job only for whoever stole it");
        }

        if (ci is not null && tier == Tier.Production && ci.ApprovalEnvironment is null)
        {
            r.Error(ci.Location, r.Join("ci.approvalEnvironment"), "is required in production: write stages run only in the approval-gated CI environment");
        }

        if (ci is not null && ci.ApprovalEnvironment == ci.Environment)
        {
            r.Error(ci.Location, r.Join("ci.approvalEnvironment"), "must differ from ci.environment, or nothing is gated");
        }

        return name is null || cluster is null || ci is null || vault is null || ceiling is null || audit is null
            ? null
            : new EnvironmentSettings(name, tier, cluster, ci, vault, azure, ceiling.Value, audit, r.Location);
    }

    private static ClusterSettings? ReadCluster(ObjectReader r)
    {
        var name = r.String("name");
        var id = r.String("resourceId");
        var url = r.String("apiServerUrl");
        var cidrs = Values(r.Strings("apiServerCidrs"));
        var runner = r.String("runnerNamespace");
        var platform = r.Strings("platformNamespaces");
        var services = r.Strings("platformServices");
        foreach (var (service, location) in services)
        {
            // A system namespace holds the control plane's credentials and admission; a flow into it is
            // a flow over the cluster. The runner namespace holds CI tokens. Neither serves pipelines.
            if (PlatformNamespaces.IsSystem(service) || service == runner)
            {
                r.Error(location, r.Join("platformServices"), $"'{service}' is {(service == runner ? "the CI runner namespace" : "a system namespace")}; pipelines never name it as a network peer");
            }
        }

        var egress = r.Objects("runnerEgress").Select(f =>
        {
            var cidr = f.String("cidr");
            var ports = f.Integers("ports");
            return cidr is null || ports.IsEmpty ? null : new NetworkFlow(null, cidr, ports, f.Location);
        }).ToList();
        if (egress.Count > 0 && runner is null)
        {
            r.Error(r.LocationOf("runnerEgress"), r.Join("runnerEgress"), "needs runnerNamespace: it is the egress of the in-cluster CI runners");
        }

        var version = KubernetesVersion(r);
        return name is null || id is null || url is null || egress.Contains(null)
            ? null
            : new ClusterSettings(name, id, url, cidrs, runner, r.Location)
            {
                PlatformNamespaces = Values(platform),
                PlatformServices = Values(services),
                RunnerEgress = [.. egress.Select(f => f!)],
                KubernetesVersion = version,
            };
    }

    /// <summary>
    /// The declared cluster version. Older than 1.30 is refused: the plan's admission policies
    /// (admissionregistration.k8s.io/v1) do not exist there, and without them a write grant is
    /// control of the whole object, so the plan cannot be what it claims.
    /// </summary>
    private static Version? KubernetesVersion(ObjectReader r)
    {
        if (r.String("kubernetesVersion") is not { } text)
        {
            return null;
        }

        var parts = text.Split('.');
        var version = new Version(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
        if (version < AdmissionPlanner.MinimumKubernetes)
        {
            r.Error(r.LocationOf("kubernetesVersion"), r.Join("kubernetesVersion"),
                $"{text} is older than {AdmissionPlanner.MinimumKubernetes}, the first Kubernetes version with admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy: the admission policies that hold every write capability to what it is for cannot be applied there, so no plan is made; upgrade the cluster to 1.30 or later");
        }

        return version;
    }

    private static CiSettings? ReadCi(ObjectReader r)
    {
        var issuer = r.String("issuer");
        var audience = r.String("audience");
        var azureAudience = r.String("azureAudience");
        var template = r.String("subjectTemplate");
        var userClaim = r.String("userClaim");
        var environment = r.String("environment");
        var approval = r.String("approvalEnvironment");
        var owners = r.Strings("repositoryOwners");
        return issuer is null || audience is null || azureAudience is null || template is null || userClaim is null || environment is null
            ? null
            : new CiSettings(issuer, audience, azureAudience, template, userClaim, environment, approval, r.Location) { RepositoryOwners = Values(owners) };
    }

    private static VaultSettings? ReadVault(ObjectReader r)
    {
        var address = r.String("address");
        var cidrs = Values(r.Strings("cidrs"));
        var jwt = r.String("jwtAuthPath");
        var kubernetes = r.String("kubernetesSecretsPath");
        var mounts = r.Strings("secretMounts");
        var v1 = r.Strings("kvV1Mounts");
        CheckVaultTopology(r, jwt, kubernetes, mounts, v1);
        return address is null || jwt is null || kubernetes is null
            ? null
            : new VaultSettings(address, cidrs, jwt, kubernetes, Values(mounts), r.Location) { KvV1Mounts = Values(v1) };
    }

    /// <summary>
    /// The mounts as Vault would have them: a secret mount is a KV mount of its own, never the
    /// Kubernetes secrets engine or the JWT auth method, nor above or below either (Vault refuses to
    /// mount inside another mount, so a definition saying so describes a Vault that cannot exist, and
    /// a secret path there would reach the engine's creds/ or roles/). No mount holds a reserved segment.
    /// </summary>
    private static void CheckVaultTopology(ObjectReader r, string? jwt, string? kubernetes,
        ImmutableArray<(string Value, SourceLocation Location)> mounts, ImmutableArray<(string Value, SourceLocation Location)> v1)
    {
        foreach (var (key, value) in new[] { ("jwtAuthPath", jwt), ("kubernetesSecretsPath", kubernetes) })
        {
            if (value is not null && VaultTopology.ReservedSegment(value) is { } reserved)
            {
                r.Error(r.LocationOf(key), r.Join(key), $"'{value}' holds the reserved Vault segment '{reserved}' (sys, auth, identity and cubbyhole)");
            }
        }

        for (var i = 0; i < mounts.Length; i++)
        {
            var (mount, location) = mounts[i];
            if (VaultTopology.ReservedSegment(mount) is { } reserved)
            {
                r.Error(location, r.Join("secretMounts"), $"'{mount}' is a Vault system path (segment '{reserved}'), not a secret mount");
                continue;
            }

            if (kubernetes is not null && VaultTopology.Overlaps(mount, kubernetes))
            {
                r.Error(location, r.Join("secretMounts"),
                    $"'{mount}' overlaps the Kubernetes secrets engine path '{kubernetes}': a secret mount is a KV mount of its own, never the engine, above or below it");
            }

            if (jwt is not null && VaultTopology.Overlaps(mount, jwt))
            {
                r.Error(location, r.Join("secretMounts"),
                    $"'{mount}' overlaps the JWT auth path '{jwt}': a secret mount is a KV mount of its own, never the auth method's path, above or below it");
            }

            for (var j = 0; j < i; j++)
            {
                if (VaultTopology.Overlaps(mount, mounts[j].Value))
                {
                    r.Error(location, r.Join("secretMounts"), $"'{mount}' overlaps the secret mount '{mounts[j].Value}': Vault mounts never nest");
                }
            }
        }

        foreach (var (mount, location) in v1)
        {
            if (!mounts.Any(m => m.Value == mount))
            {
                r.Error(location, r.Join("kvV1Mounts"), $"'{mount}' is not one of secretMounts ({string.Join(", ", mounts.Select(m => m.Value))})");
            }
        }
    }

    private static AzureSettings? ReadAzure(ObjectReader r)
    {
        var subscription = r.String("subscriptionId");
        var group = r.String("resourceGroup");
        var location = r.String("location");
        RegistrySettings? registry = null;
        if (r.Object("registry") is { } g)
        {
            var id = g.String("id");
            var login = g.String("loginServer");
            var cidrs = Values(g.Strings("cidrs"));
            registry = id is null || login is null ? null : new RegistrySettings(id, login, cidrs, g.Location);
        }

        return subscription is null || group is null || location is null
            ? null
            : new AzureSettings(subscription, group, location, registry, r.Location);
    }

    private static AuditSettings? ReadAudit(ObjectReader r)
    {
        var retention = r.Integer("retentionDays");
        var immutable = r.Boolean("immutableStorage") ?? false;
        var workspace = r.String("logAnalyticsWorkspace");
        var storage = r.String("storageAccount");
        var categories = Values(r.Strings("kubernetesCategories"));
        var devices = r.Objects("vaultDevices").Select(d =>
        {
            var path = d.String("path");
            var type = d.String("type");
            var options = d.StringMap("options");
            return path is null || type is null ? null : new VaultAuditDevice(path, type, options, d.Location);
        }).ToList();
        CheckUnique(r, devices.Where(d => d is not null).Select(d => (d!.Path, d.Location)), "vaultDevices", "audit device path");
        if (immutable && storage is null)
        {
            r.Error(r.Location, r.Join("storageAccount"), "is required when immutableStorage is true");
        }

        if (!categories.IsEmpty && workspace is null)
        {
            r.Error(r.Location, r.Join("logAnalyticsWorkspace"), "is required when kubernetesCategories are listed");
        }

        return retention is null || devices.Contains(null)
            ? null
            : new AuditSettings(retention.Value, immutable, workspace, storage, categories, [.. devices.Select(d => d!)], r.Location);
    }

    private static Pipeline? ReadPipeline(ObjectReader r, EnvironmentSettings? environment)
    {
        var name = r.String("name");
        var team = r.String("team");
        var repository = r.String("repository");
        var gitRef = r.String("ref");
        var namespaces = Values(r.Strings("namespaces"));
        var stateText = r.String("state");
        var reviewBy = r.Date("reviewBy");
        var maintainers = Values(r.Strings("maintainers"));
        var approvers = Values(r.Strings("approvers"));
        var network = r.Object("network") is { } n ? ReadNetwork(n) : NetworkSettings.None;
        var podSecurity = r.Has("podSecurity") ? r.Object("podSecurity") is { } ps ? ReadPodSecurity(ps) : null : null;
        var podSecurityInvalid = r.Has("podSecurity") && podSecurity is null;
        var stages = r.Objects("stages").Select(s => ReadStage(s, namespaces, environment, r.Has("ref"))).ToList();
        CheckUnique(r, stages.Where(s => s is not null).Select(s => (s!.Name, s.Location)), "stages", "stage");
        if (name is null || team is null || repository is null || namespaces.IsEmpty || stateText is null || reviewBy is null
            || maintainers.IsEmpty || approvers.IsEmpty || network is null || stages.Count == 0 || stages.Contains(null) || podSecurityInvalid)
        {
            return null;
        }

        var state = stateText switch
        {
            "paused" => PipelineState.Paused,
            "decommissioned" => PipelineState.Decommissioned,
            _ => PipelineState.Active,
        };
        return new Pipeline(name, team, repository, gitRef, namespaces, state, reviewBy.Value, maintainers, approvers, network,
            [.. stages.Select(s => s!)], r.Location) { PodSecurity = podSecurity };
    }

    private static PodSecurityOverride? ReadPodSecurity(ObjectReader r)
    {
        var level = PodSecurity.Parse(r.String("level"));
        var reason = r.String("reason");
        return level is null || reason is null ? null : new PodSecurityOverride(level.Value, reason.Trim(), r.Location);
    }

    private static NetworkSettings? ReadNetwork(ObjectReader r)
    {
        var ingress = r.Objects("ingress").Select(ReadFlow).ToList();
        var egress = r.Objects("egress").Select(ReadFlow).ToList();
        return ingress.Contains(null) || egress.Contains(null)
            ? null
            : new NetworkSettings([.. ingress.Select(f => f!)], [.. egress.Select(f => f!)]);
    }

    private static NetworkFlow? ReadFlow(ObjectReader r)
    {
        var ns = r.String("namespace");
        var cidr = r.String("cidr");
        var ports = r.Integers("ports");
        if (r.Has("namespace") == r.Has("cidr"))
        {
            r.Error(r.Location, r.Path, "a flow names exactly one peer: namespace or cidr");
            return null;
        }

        return (ns is null && cidr is null) || ports.IsEmpty ? null : new NetworkFlow(ns, cidr, ports, r.Location);
    }

    private static Stage? ReadStage(ObjectReader r, ImmutableArray<string> namespaces, EnvironmentSettings? environment, bool pipelineHasRef)
    {
        var name = r.String("name");
        var ttl = r.Duration("tokenTtl");
        // Whether the key is there matters, not only its value: an explicit false on a production write
        // stage would otherwise be overridden in silence (see CheckApprovalGate).
        var declaredGate = r.Has("approvalGated") ? r.Boolean("approvalGated") : null;
        var gated = declaredGate ?? false;
        var workflow = r.String("workflow");
        if (workflow is not null && !pipelineHasRef)
        {
            // The workflow_ref claim ends in @<ref>; without the pipeline's ref it could only be matched by a glob.
            r.Error(r.LocationOf("workflow"), r.Join("workflow"), "needs the pipeline's ref: the claim pinned is <repository>/<workflow>@<ref>");
        }

        var uses = new List<CapabilityUse?>();
        var sequence = r.Sequence("capabilities");
        if (sequence is not null)
        {
            for (var i = 0; i < sequence.Items.Length; i++)
            {
                uses.Add(ReadCapability(r, sequence.Items[i], new FieldPath(r, "capabilities", i), namespaces, environment));
            }
        }

        // A stage lists a few capabilities: a scan, no grouping. A repeat is reported once, at the
        // second use, when the scan is at the first use of its capability and namespace.
        for (var first = 0; first < uses.Count; first++)
        {
            if (uses[first] is not { } use || IndexOfUse(uses, use, 0, first) >= 0)
            {
                continue;
            }

            var second = IndexOfUse(uses, use, first + 1, uses.Count);
            if (second >= 0)
            {
                r.Error(uses[second]!.Location, r.Join("capabilities"),
                    $"'{use.Capability.Name}'{(use.Namespace is null ? "" : $" in namespace '{use.Namespace}'")} is listed twice; list its objects once");
            }
        }

        if (declaredGate is { } declared && environment is not null)
        {
            CheckApprovalGate(r, declared, environment, uses.Any(u => u is { Capability.Writes: true }));
        }

        return name is null || sequence is null || uses.Contains(null) || uses.Count == 0
            ? null
            : new Stage(name, [.. uses.Select(u => u!)], ttl, gated, r.Location, workflow);
    }

    /// <summary>
    /// An explicit <c>approvalGated</c> must mean what it says. True without an approval environment
    /// would leave the stage in the ungated CI environment while the file reads "gated"; false on a
    /// production write stage would be overridden (production writes are always gated) while the file
    /// reads "not gated". Both are refused where they stand, never ignored.
    /// </summary>
    private static void CheckApprovalGate(ObjectReader r, bool declared, EnvironmentSettings environment, bool writes)
    {
        if (declared && environment.Ci.ApprovalEnvironment is null)
        {
            r.Error(r.LocationOf("approvalGated"), r.Join("approvalGated"),
                "is true, but environment.ci.approvalEnvironment is not set: there is no approval-gated CI environment, so the stage would run ungated; set ci.approvalEnvironment or remove the key");
        }
        else if (!declared && environment.IsProduction && writes)
        {
            r.Error(r.LocationOf("approvalGated"), r.Join("approvalGated"),
                "is false on a production stage that writes: production write stages always run in the approval-gated CI environment; remove the key");
        }
    }

    private static CapabilityUse? ReadCapability(ObjectReader stage, YamlNode node, FieldPath path, ImmutableArray<string> namespaces, EnvironmentSettings? environment)
    {
        if (node is not YamlMapping { Entries.Length: 1 } map)
        {
            stage.Error(node.Location, path.ToString(), $"expected a mapping with one capability name as its key (one of: {CatalogNames()}), found {ObjectReader.Describe(node)}");
            return null;
        }

        var (key, value) = (map.Entries[0].Key, map.Entries[0].Value);
        var capability = CapabilityCatalog.Find(key.Value);
        if (capability is null)
        {
            stage.Error(key.Location, path.ToString(), $"unknown capability '{key.Value}' (the catalog has: {CatalogNames()})");
            return null;
        }

        var spec = DefinitionFormat.CapabilityParameters(capability);
        var parameters = value is YamlScalar { IsNull: true } empty
            ? new YamlMapping(empty.File, empty.Line, empty.Column, [])
            : value;
        var r = ObjectReader.Open(parameters, spec, path with { Entry = capability.Name }, stage.ErrorsSink);
        if (r is null)
        {
            return null;
        }

        string? ns = null;
        if (capability.NeedsNamespace)
        {
            ns = r.String("namespace");
            if (!r.Has("namespace"))
            {
                if (namespaces.Length == 1)
                {
                    ns = namespaces[0];
                }
                else if (namespaces.Length > 1)
                {
                    r.Error(r.Location, r.Join("namespace"), "is required: the pipeline has more than one namespace");
                    return null;
                }
            }
            else if (ns is not null && !namespaces.IsEmpty && !namespaces.Contains(ns))
            {
                r.Error(r.LocationOf("namespace"), r.Join("namespace"), $"'{ns}' is not one of the pipeline's namespaces ({string.Join(", ", namespaces)})");
                return null;
            }

            if (ns is null)
            {
                return null;
            }
        }

        var objects = capability.Objects is { } parameter ? r.Strings(parameter.Key) : [];
        if (capability.Objects is { Kind: ObjectKind.VaultPath } && environment is not null)
        {
            foreach (var (secretPath, location) in objects)
            {
                if (SecretPathProblem(environment.Vault, secretPath) is { } problem)
                {
                    r.Error(location, r.Join(capability.Objects.Key), problem);
                }
            }
        }

        if (capability.System == CapabilitySystem.Azure && environment is not null && environment.Azure?.Registry is null)
        {
            r.Error(r.Location, r.Path, "needs environment.azure.registry to be configured");
        }

        if (capability.Objects is not null && objects.IsEmpty)
        {
            return null;
        }

        return new CapabilityUse(capability, ns, Values(objects), key.Location) { Replicas = ReplicaBoundsOf(r, capability) };
    }

    /// <summary>The replica bounds of a <c>scale</c>, when it declares any; the lower bound may not exceed the upper.</summary>
    private static ReplicaBounds? ReplicaBoundsOf(ObjectReader r, Capability capability)
    {
        if (capability != CapabilityCatalog.Scale || (!r.Has("minReplicas") && !r.Has("maxReplicas")))
        {
            return null;
        }

        var min = r.Integer("minReplicas") ?? 0;
        var max = r.Integer("maxReplicas");
        if (max is { } upper && upper < min)
        {
            r.Error(r.LocationOf("maxReplicas"), r.Join("maxReplicas"), $"{upper} is below minReplicas {min}");
        }

        return new ReplicaBounds(min, max);
    }

    /// <summary>
    /// Where a read-secret or write-secret path may not go: outside the secret mounts, onto the
    /// Kubernetes secrets engine or the JWT auth path, or to a KV endpoint other than a secret value.
    /// </summary>
    private static string? SecretPathProblem(VaultSettings vault, string path)
    {
        if (VaultTopology.IsUnder(path, vault.KubernetesSecretsPath))
        {
            return $"'{path}' lies under the Kubernetes secrets engine '{vault.KubernetesSecretsPath}': a stage gets its own creds/ role from its Kubernetes capabilities, never through a secret path";
        }

        if (VaultTopology.IsUnder(path, vault.JwtAuthPath))
        {
            return $"'{path}' lies under the JWT auth path '{vault.JwtAuthPath}', not under a secret mount";
        }

        // Only the mount a path is exactly (segment-wise) under counts: a path must also be more than the mount itself.
        var mount = vault.SecretMountOf(path);
        return mount is null || path == mount
            ? $"'{path}' is outside the configured secret mounts ({string.Join(", ", vault.SecretMounts)})"
            : VaultTopology.SecretPathProblem(path, mount, vault.VersionOf(mount));
    }

    /// <summary>The first use in [from, to) of the same capability in the same namespace, or -1.</summary>
    private static int IndexOfUse(List<CapabilityUse?> uses, CapabilityUse use, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (uses[i] is { } other && other.Capability.Name == use.Capability.Name && other.Namespace == use.Namespace)
            {
                return i;
            }
        }

        return -1;
    }

    private static void CheckUnique(ObjectReader r, IEnumerable<(string Name, SourceLocation Location)> items, string key, string what)
    {
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        foreach (var (name, location) in items)
        {
            if (!seen.TryAdd(name, location))
            {
                r.Error(location, r.Join(key), $"duplicate {what} name '{name}' (first at line {seen[name].Line})");
            }
        }
    }

    private static Waiver? ReadException(ObjectReader r)
    {
        var rule = r.String("rule");
        var subject = r.String("subject");
        var about = r.String("object");
        var reason = r.String("reason");
        var expires = r.Date("expires");
        var approvedBy = r.String("approvedBy");
        return rule is null || subject is null || reason is null || expires is null || approvedBy is null
            ? null
            : new Waiver(rule, subject, about, reason, expires.Value, approvedBy, r.Location);
    }

    private static ImmutableArray<string> Values(ImmutableArray<(string Value, SourceLocation Location)> items)
    {
        var values = ImmutableArray.CreateBuilder<string>(items.Length);
        foreach (var item in items)
        {
            values.Add(item.Value);
        }

        return values.MoveToImmutable();
    }

    private static string CatalogNames() => string.Join(", ", CapabilityCatalog.All.Select(c => c.Name));
}
