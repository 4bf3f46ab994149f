using System.Collections.Immutable;
using Infra.Access.Admission;
using Infra.Access.Catalog;
using Infra.Access.Definition;

namespace Infra.Access.Planning;

/// <summary>
/// Turns a validated definition into the <see cref="Plan"/>: every ServiceAccount, Role, binding,
/// network policy, Vault policy and role, Azure identity and assignment, in a stable order.
/// The planner grants what the catalog says and nothing more; it does not judge (the guardrails do).
/// </summary>
public static class Planner
{
    public const string ManagedBy = "access";
    public const string LabelManagedBy = "app.kubernetes.io/managed-by";
    public const string LabelEnvironment = "access.infra/environment";
    public const string LabelPipeline = "access.infra/pipeline";
    public const string LabelStage = "access.infra/stage";
    public const string NamespaceLabel = "kubernetes.io/metadata.name";

    /// <summary>The plan with the declared states only: no review date is applied (there is no clock in the core).</summary>
    public static Plan Build(EnvironmentDefinition definition) => Build(definition, null);

    /// <summary>
    /// The plan on <paramref name="today"/>: an active pipeline whose reviewBy date is before it is
    /// planned as <see cref="PipelineState.Suspended"/> (paused), so an overdue review removes access
    /// instead of blocking the environment. Callers with a date (the CLI, the Pulumi gate) pass it.
    /// </summary>
    public static Plan Build(EnvironmentDefinition definition, DateOnly? today)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var env = definition.Environment;
        var identities = ImmutableArray.CreateBuilder<StageIdentity>();
        var serviceAccounts = ImmutableArray.CreateBuilder<ServiceAccountDeclaration>();
        var roles = ImmutableArray.CreateBuilder<RoleDeclaration>();
        var bindings = ImmutableArray.CreateBuilder<RoleBindingDeclaration>();
        var networkPolicies = ImmutableArray.CreateBuilder<NetworkPolicyDeclaration>();
        var podSecurity = ImmutableArray.CreateBuilder<NamespaceLabelPatch>();
        var policies = ImmutableArray.CreateBuilder<VaultPolicyDeclaration>();
        var jwtRoles = ImmutableArray.CreateBuilder<JwtRoleDeclaration>();
        var secretRoles = ImmutableArray.CreateBuilder<KubernetesSecretRoleDeclaration>();
        var managedIdentities = ImmutableArray.CreateBuilder<ManagedIdentityDeclaration>();
        var credentials = ImmutableArray.CreateBuilder<FederatedCredentialDeclaration>();
        var assignments = ImmutableArray.CreateBuilder<RoleAssignmentDeclaration>();
        var roleDefinitions = new SortedDictionary<string, RoleDefinitionDeclaration>(StringComparer.Ordinal);
        var shared = new SharedParts(env);

        foreach (var pipeline in definition.Pipelines.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            var state = StateOn(pipeline, today);
            // Every state keeps the Pod Security labels, like the default deny: whatever still runs in
            // the namespaces (or lands there next) stays held to the level, whoever holds the grants.
            podSecurity.AddRange(PodSecurityPatches(pipeline));
            if (state == PipelineState.Decommissioned)
            {
                // Decommissioned: no grant is declared, so `pulumi up` deletes what was there. Its
                // namespaces keep their default deny: revocation removes grants, never isolation, and
                // whatever still runs there (or lands there next) starts closed, not open.
                foreach (var stage in pipeline.Stages)
                {
                    identities.Add(Identity(env, pipeline, stage, state));
                }

                networkPolicies.AddRange(DefaultDenyPolicies(env, pipeline, shared));
                continue;
            }

            var live = state == PipelineState.Active;
            // Paused (and suspended) keep the allow flows as well: pausing stops CI's access, not the running workload.
            networkPolicies.AddRange(PipelineNetworkPolicies(env, pipeline, shared));
            foreach (var stage in pipeline.Stages.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var identity = Identity(env, pipeline, stage, state);
                identities.Add(identity);
                var owner = new Owner(pipeline.Name, stage.Name, stage.Location);
                var labels = Labels(env, pipeline.Name, stage.Name);
                var name = StageName(pipeline, stage);
                var ttl = (int)identity.TokenTtl.TotalSeconds;
                var vaultPaths = new List<(string Path, ImmutableArray<string> Capabilities)>();

                if (identity.TouchesKubernetes)
                {
                    serviceAccounts.Add(new ServiceAccountDeclaration(name, pipeline.HomeNamespace, false, labels, owner));
                    foreach (var ns in Namespaces(stage))
                    {
                        var rules = KubernetesRules(stage.Capabilities.Where(c => c.Namespace == ns), shared);
                        roles.Add(new RoleDeclaration("Role", name, ns, rules, labels, owner));
                        if (live)
                        {
                            bindings.Add(new RoleBindingDeclaration("RoleBinding", name, ns, new RoleReference("Role", name),
                                [new SubjectReference("ServiceAccount", name, pipeline.HomeNamespace)], labels, owner));
                        }
                    }

                    if (live)
                    {
                        secretRoles.Add(new KubernetesSecretRoleDeclaration(name, env.Vault.KubernetesSecretsPath,
                            [pipeline.HomeNamespace], name, ttl, ttl, owner));
                    }

                    vaultPaths.Add(($"{env.Vault.KubernetesSecretsPath}/creds/{name}", shared.Update));
                }

                foreach (var use in stage.Capabilities)
                {
                    if (use.Capability.System == CapabilitySystem.Vault)
                    {
                        foreach (var path in use.Objects)
                        {
                            vaultPaths.Add((path, use.Capability.VaultCapabilities));
                        }
                    }
                }

                var policyName = Names.Derive(Names.KubernetesMax, "ci", env.Name, pipeline.Name, stage.Name);
                if (vaultPaths.Count > 0)
                {
                    policies.Add(new VaultPolicyDeclaration(policyName, MergePaths(vaultPaths), owner));
                    if (live)
                    {
                        jwtRoles.Add(JwtRole(env, pipeline, identity, name, policyName, ttl, owner, shared));
                    }
                }

                if (identity.TouchesAzure && env.Azure is { Registry: { } registry } azure)
                {
                    var identityName = Names.Derive(Names.KubernetesMax, "id-ci", env.Name, pipeline.Name, stage.Name);
                    managedIdentities.Add(new ManagedIdentityDeclaration(identityName, azure.ResourceGroup, azure.Location, Tags(env, pipeline, stage), owner));
                    if (live)
                    {
                        credentials.Add(new FederatedCredentialDeclaration(Names.Derive(Names.KubernetesMax, "fc", pipeline.Name, stage.Name),
                            identityName, azure.ResourceGroup, env.Ci.Issuer, identity.CiSubject, shared.AzureAudiences, owner));
                        foreach (var use in stage.Capabilities.Where(c => c.Capability.AzureRole is not null))
                        {
                            var template = use.Capability.AzureRole!;
                            var roleName = $"{template.RoleName}-{env.Name}";
                            if (!roleDefinitions.TryGetValue(roleName, out var roleDefinition))
                            {
                                roleDefinition = new RoleDefinitionDeclaration(Names.StableGuid($"role|{registry.Id}|{roleName}"), roleName,
                                    template.Description, registry.Id, [registry.Id], [], template.DataActions, Owner.Environment(registry.Location));
                                roleDefinitions.Add(roleName, roleDefinition);
                            }

                            var repositories = use.Objects.Order(StringComparer.Ordinal).ToImmutableArray();
                            assignments.Add(new RoleAssignmentDeclaration(
                                Names.StableGuid($"assignment|{registry.Id}|{identityName}|{roleName}"),
                                identityName, roleName, roleDefinition.ResourceId(azure.SubscriptionId), registry.Id, "ServicePrincipal",
                                repositories, RepositoryCondition(template.DataActions, repositories), "2.0", owner));
                        }
                    }
                }
            }
        }

        if (env.Cluster.RunnerNamespace is { } runner)
        {
            networkPolicies.AddRange(RunnerNetworkPolicies(env, runner));
        }

        var audit = env.Audit.VaultDevices
            .Select(d => new AuditDeviceDeclaration(d.Path, d.Type, d.Options, Owner.Environment(d.Location)))
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ToImmutableArray();

        var accounts = Sorted(serviceAccounts, s => $"{s.Namespace}/{s.Name}");
        return new Plan(
            env.Name,
            env.Tier,
            definition.File,
            Sorted(identities, i => i.Id),
            new KubernetesPlan(
                accounts,
                Sorted(roles, r => $"{r.Namespace}/{r.Name}"),
                Sorted(bindings, b => $"{b.Namespace}/{b.Name}"),
                Sorted(networkPolicies, n => $"{n.Namespace}/{n.Name}"))
            {
                PodSecurity = Sorted(podSecurity, p => p.Namespace),
            },
            new VaultPlan(
                Sorted(policies, p => p.Name),
                Sorted(jwtRoles, r => r.Name),
                Sorted(secretRoles, r => r.Name),
                audit),
            new AzurePlan(
                Sorted(managedIdentities, m => m.Name),
                Sorted(credentials, c => c.Name),
                [.. roleDefinitions.Values],
                Sorted(assignments, a => $"{a.IdentityName}/{a.RoleName}"),
                AuditSink(env)))
        {
            Admission = AdmissionPlanner.Build(definition, accounts),
        };
    }

    /// <summary>The stage's name in Kubernetes and Vault: <c>ci-&lt;pipeline&gt;-&lt;stage&gt;</c>.</summary>
    public static string StageName(Pipeline pipeline, Stage stage)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stage);
        return Names.Derive(Names.KubernetesMax, "ci", pipeline.Name, stage.Name);
    }

    /// <summary>
    /// The state a pipeline is planned in on <paramref name="today"/>: an active pipeline past its
    /// reviewBy date is suspended (the date itself is still in time). Without a date, the declared state.
    /// </summary>
    public static PipelineState StateOn(Pipeline pipeline, DateOnly? today)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.State == PipelineState.Active && today is { } date && pipeline.ReviewBy < date
            ? PipelineState.Suspended
            : pipeline.State;
    }

    /// <summary>The stage's identity in the pipeline's declared state.</summary>
    public static StageIdentity Identity(EnvironmentSettings env, Pipeline pipeline, Stage stage)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return Identity(env, pipeline, stage, pipeline.State);
    }

    /// <summary>
    /// The stage's identity. Production stages that write run only in the approval-gated CI
    /// environment: the CI system issues no token for them until a person approved the run.
    /// </summary>
    public static StageIdentity Identity(EnvironmentSettings env, Pipeline pipeline, Stage stage, PipelineState state)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stage);
        var writes = stage.Capabilities.Any(c => c.Capability.Writes);
        var gated = env.Ci.ApprovalEnvironment is not null && (stage.ApprovalGated || (env.IsProduction && writes));
        var ciEnvironment = gated ? env.Ci.ApprovalEnvironment! : env.Ci.Environment;
        var subject = env.Ci.SubjectTemplate
            .Replace("{repository}", pipeline.Repository, StringComparison.Ordinal)
            .Replace("{environment}", ciEnvironment, StringComparison.Ordinal);
        return new StageIdentity(
            pipeline.Name,
            stage.Name,
            state,
            pipeline.Repository,
            ciEnvironment,
            subject,
            gated,
            writes,
            stage.TokenTtl ?? env.TokenTtlCeiling,
            stage.Capabilities.Any(c => c.Capability.System == CapabilitySystem.Kubernetes),
            stage.Capabilities.Any(c => c.Capability.System == CapabilitySystem.Vault || c.Capability.System == CapabilitySystem.Kubernetes),
            stage.Capabilities.Any(c => c.Capability.System == CapabilitySystem.Azure),
            stage.Location,
            stage.Workflow is { } workflow && pipeline.Ref is { } gitRef ? $"{pipeline.Repository}/{workflow}@{gitRef}" : null);
    }

    /// <summary>The rules of one Role: the catalog's templates, merged where group, resources and naming agree.</summary>
    public static ImmutableArray<PolicyRule> KubernetesRules(IEnumerable<CapabilityUse> uses)
    {
        ArgumentNullException.ThrowIfNull(uses);
        return KubernetesRules(uses, new SharedParts(null));
    }

    private static ImmutableArray<PolicyRule> KubernetesRules(IEnumerable<CapabilityUse> uses, SharedParts shared)
    {
        // A Role has a handful of merged rules: a list searched by key is cheaper than a sorted dictionary per Role.
        var merged = new List<MergedRule>();
        foreach (var use in uses)
        {
            foreach (var template in use.Capability.KubernetesRules)
            {
                var rule = MergedRule.For(merged, shared.Shape(template));

                if (template.Named)
                {
                    rule.Names.AddRange(use.Objects.AsSpan());
                }

                rule.Verbs.AddRange(template.Verbs.AsSpan());
            }
        }

        merged.Sort((a, b) => string.CompareOrdinal(a.Shape.Key, b.Shape.Key));
        var rules = ImmutableArray.CreateBuilder<PolicyRule>(merged.Count);
        foreach (var rule in merged)
        {
            rules.Add(new PolicyRule(rule.Shape.ApiGroups, rule.Shape.Resources, SortedDistinct(rule.Names), SortedDistinct(rule.Verbs), []));
        }

        return rules.MoveToImmutable();
    }

    /// <summary>The namespaces a stage's capabilities act in, in order.</summary>
    private static ImmutableArray<string> Namespaces(Stage stage)
    {
        var namespaces = new List<string>(stage.Capabilities.Length);
        foreach (var use in stage.Capabilities)
        {
            if (use.Namespace is { } ns)
            {
                namespaces.Add(ns);
            }
        }

        return SortedDistinct(namespaces);
    }

    /// <summary>One rule per path, with the union of its capabilities.</summary>
    private static ImmutableArray<VaultPathRule> MergePaths(List<(string Path, ImmutableArray<string> Capabilities)> rules)
    {
        rules.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var merged = ImmutableArray.CreateBuilder<VaultPathRule>(rules.Count);
        for (var i = 0; i < rules.Count;)
        {
            var path = rules[i].Path;
            var capabilities = new List<string>();
            for (; i < rules.Count && string.Equals(rules[i].Path, path, StringComparison.Ordinal); i++)
            {
                capabilities.AddRange(rules[i].Capabilities.AsSpan());
            }

            merged.Add(new VaultPathRule(path, SortedDistinct(capabilities)));
        }

        return merged.DrainToImmutable();
    }

    /// <summary>Distinct values in ordinal order. The lists are short, so sorting a copy beats keeping a sorted set.</summary>
    private static ImmutableArray<string> SortedDistinct(List<string> values)
    {
        if (values.Count <= 1)
        {
            return [.. values];
        }

        values.Sort(string.CompareOrdinal);
        var distinct = ImmutableArray.CreateBuilder<string>(values.Count);
        foreach (var value in values)
        {
            if (distinct.Count == 0 || !string.Equals(distinct[^1], value, StringComparison.Ordinal))
            {
                distinct.Add(value);
            }
        }

        return distinct.DrainToImmutable();
    }

    private static JwtRoleDeclaration JwtRole(EnvironmentSettings env, Pipeline pipeline, StageIdentity identity, string name, string policy, int ttl, Owner owner, SharedParts shared)
    {
        var claims = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        claims["repository"] = pipeline.Repository;
        claims["environment"] = identity.CiEnvironment;
        if (pipeline.Ref is { } gitRef)
        {
            claims["ref"] = gitRef;
        }

        if (identity.WorkflowRef is { } workflowRef)
        {
            claims["workflow_ref"] = workflowRef;
        }

        return new JwtRoleDeclaration(name, env.Vault.JwtAuthPath, "jwt", env.Ci.UserClaim, shared.Audiences, identity.CiSubject,
            claims.ToImmutable(), "string", ttl, ttl, ttl, [policy], true, owner);
    }

    private static IEnumerable<NetworkPolicyDeclaration> PipelineNetworkPolicies(EnvironmentSettings env, Pipeline pipeline, SharedParts shared)
    {
        var owner = new Owner(pipeline.Name, null, pipeline.Location);
        var labels = Labels(env, pipeline.Name, null);
        // Every namespace of the pipeline gets the same flows: built once per pipeline, not once per namespace.
        var ingress = pipeline.Network.Ingress.Select(FlowRule).ToImmutableArray();
        // Every workload resolves names; DNS is the one egress no definition should have to spell out.
        var egress = pipeline.Network.Egress.Select(FlowRule).Prepend(shared.Dns).ToImmutableArray();
        var allowName = Names.Derive(Names.KubernetesMax, "allow", pipeline.Name);
        foreach (var ns in pipeline.Namespaces)
        {
            yield return new NetworkPolicyDeclaration("default-deny", ns, shared.EgressAndIngress, [], [], labels, owner);
            yield return new NetworkPolicyDeclaration(allowName, ns, ingress.IsEmpty ? shared.EgressOnly : shared.EgressAndIngress, ingress, egress, labels, owner);
        }
    }

    /// <summary>The Pod Security labels of each of the pipeline's namespaces, with the override's reason when there is one.</summary>
    private static IEnumerable<NamespaceLabelPatch> PodSecurityPatches(Pipeline pipeline)
    {
        var owner = new Owner(pipeline.Name, null, pipeline.PodSecurity?.Location ?? pipeline.Location);
        var labels = PodSecurity.Labels(PodSecurity.LevelOf(pipeline));
        var annotations = pipeline.PodSecurity is { } declared
            ? ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>(PodSecurity.ReasonAnnotation, declared.Reason)])
            : ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        return pipeline.Namespaces.Select(ns => new NamespaceLabelPatch(ns, labels, annotations, owner));
    }

    private static IEnumerable<NetworkPolicyDeclaration> DefaultDenyPolicies(EnvironmentSettings env, Pipeline pipeline, SharedParts shared)
    {
        var owner = new Owner(pipeline.Name, null, pipeline.Location);
        var labels = Labels(env, pipeline.Name, null);
        return pipeline.Namespaces.Select(ns => new NetworkPolicyDeclaration("default-deny", ns, shared.EgressAndIngress, [], [], labels, owner));
    }

    private static IEnumerable<NetworkPolicyDeclaration> RunnerNetworkPolicies(EnvironmentSettings env, string runner)
    {
        var owner = Owner.Environment(env.Cluster.Location);
        var labels = Labels(env, null, null);
        yield return new NetworkPolicyDeclaration("default-deny", runner, ["Egress", "Ingress"], [], [], labels, owner);
        // NetworkPolicies see the API server's endpoint addresses (after the service's DNAT), so the
        // allowlist names the API server CIDRs, not the kubernetes.default ClusterIP.
        var egress = ImmutableArray.CreateBuilder<NetworkRule>();
        egress.Add(DnsRule());
        egress.Add(CidrRule(env.Cluster.ApiServerCidrs, 443));
        if (!env.Vault.Cidrs.IsEmpty)
        {
            egress.Add(CidrRule(env.Vault.Cidrs, 443, 8200));
        }

        if (env.Azure?.Registry is { Cidrs.IsEmpty: false } registry)
        {
            egress.Add(CidrRule(registry.Cidrs, 443));
        }

        // The CI system and its identity provider (or the egress proxy in front of them): without
        // them a runner cannot take a job or get the OIDC token every stage starts from.
        egress.AddRange(env.Cluster.RunnerEgress.Select(FlowRule));

        yield return new NetworkPolicyDeclaration("allow-ci-runner-egress", runner, ["Egress"], [], egress.ToImmutable(), labels, owner);
    }

    private static NetworkRule FlowRule(NetworkFlow flow) =>
        new([new NetworkPeer(flow.Namespace, null, flow.Cidr)], [.. flow.Ports.Order().Select(p => new NetworkPort(p, "TCP"))]);

    private static NetworkRule CidrRule(ImmutableArray<string> cidrs, params int[] ports) =>
        new([.. cidrs.Order(StringComparer.Ordinal).Select(c => new NetworkPeer(null, null, c))], [.. ports.Select(p => new NetworkPort(p, "TCP"))]);

    private static NetworkRule DnsRule() =>
        new([new NetworkPeer("kube-system", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>("k8s-app", "kube-dns")]), null)],
            [new NetworkPort(53, "TCP"), new NetworkPort(53, "UDP")]);

    private static AuditSinkDeclaration? AuditSink(EnvironmentSettings env)
    {
        var audit = env.Audit;
        if (env.Azure is not { } azure || audit.LogAnalyticsWorkspace is not { } workspace)
        {
            return null;
        }

        var storage = audit.ImmutableStorage && audit.StorageAccount is { } account
            // StorageV2 is the only account kind with version-level immutability; ZRS keeps the evidence across zones.
            ? new ImmutableStorageDeclaration(account, audit.RetentionDays, "Locked", "StorageV2", "Standard_ZRS", AllowBlobPublicAccess: false, HttpsTrafficOnly: true)
            : null;
        return new AuditSinkDeclaration(azure.ResourceGroup, azure.Location, workspace, "PerGB2018", audit.RetentionDays,
            $"{env.Cluster.Name}-audit", env.Cluster.ResourceId, audit.KubernetesCategories.Order(StringComparer.Ordinal).ToImmutableArray(),
            storage, Owner.Environment(audit.Location));
    }

    /// <summary>
    /// ABAC condition: the role's actions are allowed only on the named repositories. The shape is
    /// Azure's: "(not one of these actions) OR (the request's repository is one of these)".
    /// </summary>
    private static string RepositoryCondition(ImmutableArray<string> actions, ImmutableArray<string> repositories)
    {
        var notActions = string.Join(" AND ", actions.Select(a => $"!(ActionMatches{{'{a}'}})"));
        var names = string.Join(" OR ", repositories.Select(r => $"@Request[Microsoft.ContainerRegistry/registries/repositories:name] StringEqualsIgnoreCase '{r}'"));
        return $"(({notActions}) OR ({names}))";
    }

    private static ImmutableSortedDictionary<string, string> Labels(EnvironmentSettings env, string? pipeline, string? stage)
    {
        var labels = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        labels[LabelManagedBy] = ManagedBy;
        labels[LabelEnvironment] = env.Name;
        if (pipeline is not null)
        {
            labels[LabelPipeline] = pipeline;
        }

        if (stage is not null)
        {
            labels[LabelStage] = stage;
        }

        return labels.ToImmutable();
    }

    private static ImmutableSortedDictionary<string, string> Tags(EnvironmentSettings env, Pipeline pipeline, Stage stage)
    {
        var tags = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        tags["managed-by"] = ManagedBy;
        tags["environment"] = env.Name;
        tags["pipeline"] = pipeline.Name;
        tags["stage"] = stage.Name;
        tags["team"] = pipeline.Team;
        return tags.ToImmutable();
    }

    /// <summary>The items in the ordinal order of their key; items of equal keys keep the order they were planned in.</summary>
    private static ImmutableArray<T> Sorted<T>(ImmutableArray<T>.Builder items, Func<T, string> key)
    {
        // Pipelines and stages are planned in name order, which is often already the order of the key:
        // then there is nothing to sort, and the builder's array becomes the plan's without a copy.
        var previous = "";
        foreach (var item in items)
        {
            var current = key(item);
            if (string.CompareOrdinal(previous, current) > 0)
            {
                return [.. items.OrderBy(key, StringComparer.Ordinal)];
            }

            previous = current;
        }

        return items.DrainToImmutable();
    }

    /// <summary>A catalog rule as a Role holds it: its group and sorted resources, and the key rules merge on.</summary>
    private sealed record RuleShape(string Key, ImmutableArray<string> ApiGroups, ImmutableArray<string> Resources);

    /// <summary>One merged rule of a Role under construction: the names and verbs of every template with its shape.</summary>
    private sealed class MergedRule(RuleShape shape)
    {
        public RuleShape Shape { get; } = shape;

        public List<string> Names { get; } = [];

        public List<string> Verbs { get; } = [];

        /// <summary>The rule of <paramref name="shape"/> among <paramref name="merged"/>, added when it is not there yet.</summary>
        public static MergedRule For(List<MergedRule> merged, RuleShape shape)
        {
            foreach (var rule in merged)
            {
                if (string.Equals(rule.Shape.Key, shape.Key, StringComparison.Ordinal))
                {
                    return rule;
                }
            }

            var added = new MergedRule(shape);
            merged.Add(added);
            return added;
        }
    }

    /// <summary>
    /// What every stage of one plan would otherwise build again: the shape of each catalog rule, the
    /// DNS egress rule, the audiences, the policy types. Plan entries are immutable, so they can share them.
    /// </summary>
    private sealed class SharedParts(EnvironmentSettings? env)
    {
        private readonly Dictionary<KubernetesRuleTemplate, RuleShape> _shapes = [];

        public ImmutableArray<string> Update { get; } = ["update"];

        public ImmutableArray<string> Audiences { get; } = env is null ? [] : [env.Ci.Audience];

        public ImmutableArray<string> AzureAudiences { get; } = env is null ? [] : [env.Ci.AzureAudience];

        public ImmutableArray<string> EgressAndIngress { get; } = ["Egress", "Ingress"];

        public ImmutableArray<string> EgressOnly { get; } = ["Egress"];

        public NetworkRule Dns { get; } = DnsRule();

        public RuleShape Shape(KubernetesRuleTemplate template)
        {
            if (!_shapes.TryGetValue(template, out var shape))
            {
                var resources = template.Resources.Order(StringComparer.Ordinal).ToImmutableArray();
                // Rules with names merge only with named rules of the same verbs, so a name never widens a verb it was not granted with.
                var key = $"{template.ApiGroup}|{string.Join(",", resources)}|{template.Named}|{(template.Named ? string.Join(",", template.Verbs.Order(StringComparer.Ordinal)) : "")}";
                shape = new RuleShape(key, [template.ApiGroup], resources);
                _shapes.Add(template, shape);
            }

            return shape;
        }
    }
}
