using System.Collections.Immutable;
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

    public static Plan Build(EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var env = definition.Environment;
        var identities = ImmutableArray.CreateBuilder<StageIdentity>();
        var serviceAccounts = ImmutableArray.CreateBuilder<ServiceAccountDeclaration>();
        var roles = ImmutableArray.CreateBuilder<RoleDeclaration>();
        var bindings = ImmutableArray.CreateBuilder<RoleBindingDeclaration>();
        var networkPolicies = ImmutableArray.CreateBuilder<NetworkPolicyDeclaration>();
        var policies = ImmutableArray.CreateBuilder<VaultPolicyDeclaration>();
        var jwtRoles = ImmutableArray.CreateBuilder<JwtRoleDeclaration>();
        var secretRoles = ImmutableArray.CreateBuilder<KubernetesSecretRoleDeclaration>();
        var managedIdentities = ImmutableArray.CreateBuilder<ManagedIdentityDeclaration>();
        var credentials = ImmutableArray.CreateBuilder<FederatedCredentialDeclaration>();
        var assignments = ImmutableArray.CreateBuilder<RoleAssignmentDeclaration>();
        var roleDefinitions = new SortedDictionary<string, RoleDefinitionDeclaration>(StringComparer.Ordinal);

        foreach (var pipeline in definition.Pipelines.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (pipeline.State == PipelineState.Decommissioned)
            {
                // Decommissioned: nothing is declared, so `pulumi up` deletes what was there.
                foreach (var stage in pipeline.Stages)
                {
                    identities.Add(Identity(env, pipeline, stage));
                }

                continue;
            }

            var live = pipeline.State == PipelineState.Active;
            networkPolicies.AddRange(PipelineNetworkPolicies(env, pipeline));
            foreach (var stage in pipeline.Stages.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var identity = Identity(env, pipeline, stage);
                identities.Add(identity);
                var owner = new Owner(pipeline.Name, stage.Name, stage.Location);
                var labels = Labels(env, pipeline.Name, stage.Name);
                var name = StageName(pipeline, stage);
                var ttl = (int)identity.TokenTtl.TotalSeconds;
                var vaultPaths = new List<VaultPathRule>();

                if (identity.TouchesKubernetes)
                {
                    serviceAccounts.Add(new ServiceAccountDeclaration(name, pipeline.HomeNamespace, false, labels, owner));
                    foreach (var ns in stage.Capabilities.Where(c => c.Namespace is not null).Select(c => c.Namespace!).Distinct().Order(StringComparer.Ordinal))
                    {
                        var rules = KubernetesRules(stage.Capabilities.Where(c => c.Namespace == ns));
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

                    vaultPaths.Add(new VaultPathRule($"{env.Vault.KubernetesSecretsPath}/creds/{name}", ["update"]));
                }

                foreach (var use in stage.Capabilities.Where(c => c.Capability.System == CapabilitySystem.Vault))
                {
                    vaultPaths.AddRange(use.Objects.Select(path => new VaultPathRule(path, use.Capability.VaultCapabilities)));
                }

                var policyName = Names.Derive(Names.KubernetesMax, "ci", env.Name, pipeline.Name, stage.Name);
                if (vaultPaths.Count > 0)
                {
                    policies.Add(new VaultPolicyDeclaration(policyName, MergePaths(vaultPaths), owner));
                    if (live)
                    {
                        jwtRoles.Add(JwtRole(env, pipeline, identity, name, policyName, ttl, owner));
                    }
                }

                if (identity.TouchesAzure && env.Azure is { Registry: { } registry } azure)
                {
                    var identityName = Names.Derive(Names.KubernetesMax, "id-ci", env.Name, pipeline.Name, stage.Name);
                    managedIdentities.Add(new ManagedIdentityDeclaration(identityName, azure.ResourceGroup, azure.Location, Tags(env, pipeline, stage), owner));
                    if (live)
                    {
                        credentials.Add(new FederatedCredentialDeclaration(Names.Derive(Names.KubernetesMax, "fc", pipeline.Name, stage.Name),
                            identityName, azure.ResourceGroup, env.Ci.Issuer, identity.CiSubject, [env.Ci.AzureAudience], owner));
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

        return new Plan(
            env.Name,
            env.Tier,
            definition.File,
            identities.OrderBy(i => i.Id, StringComparer.Ordinal).ToImmutableArray(),
            new KubernetesPlan(
                Sorted(serviceAccounts, s => $"{s.Namespace}/{s.Name}"),
                Sorted(roles, r => $"{r.Namespace}/{r.Name}"),
                Sorted(bindings, b => $"{b.Namespace}/{b.Name}"),
                Sorted(networkPolicies, n => $"{n.Namespace}/{n.Name}")),
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
                AuditSink(env)));
    }

    /// <summary>The stage's name in Kubernetes and Vault: <c>ci-&lt;pipeline&gt;-&lt;stage&gt;</c>.</summary>
    public static string StageName(Pipeline pipeline, Stage stage)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(stage);
        return Names.Derive(Names.KubernetesMax, "ci", pipeline.Name, stage.Name);
    }

    /// <summary>
    /// The stage's identity. Production stages that write run only in the approval-gated CI
    /// environment: the CI system issues no token for them until a person approved the run.
    /// </summary>
    public static StageIdentity Identity(EnvironmentSettings env, Pipeline pipeline, Stage stage)
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
            pipeline.State,
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
        var merged = new SortedDictionary<string, (string Group, ImmutableArray<string> Resources, SortedSet<string> Names, SortedSet<string> Verbs)>(StringComparer.Ordinal);
        foreach (var use in uses)
        {
            foreach (var template in use.Capability.KubernetesRules)
            {
                var resources = template.Resources.Order(StringComparer.Ordinal).ToImmutableArray();
                var names = template.Named ? use.Objects : [];
                // Rules with names merge only with named rules of the same verbs, so a name never widens a verb it was not granted with.
                var key = $"{template.ApiGroup}|{string.Join(",", resources)}|{template.Named}|{(template.Named ? string.Join(",", template.Verbs.Order(StringComparer.Ordinal)) : "")}";
                if (!merged.TryGetValue(key, out var rule))
                {
                    rule = (template.ApiGroup, resources, new SortedSet<string>(StringComparer.Ordinal), new SortedSet<string>(StringComparer.Ordinal));
                    merged.Add(key, rule);
                }

                rule.Names.UnionWith(names);
                rule.Verbs.UnionWith(template.Verbs);
            }
        }

        return [.. merged.Values.Select(r => new PolicyRule([r.Group], r.Resources, [.. r.Names], [.. r.Verbs], []))];
    }

    private static ImmutableArray<VaultPathRule> MergePaths(List<VaultPathRule> rules) =>
        [.. rules.GroupBy(r => r.Path, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new VaultPathRule(g.Key, [.. g.SelectMany(r => r.Capabilities).Distinct().Order(StringComparer.Ordinal)]))];

    private static JwtRoleDeclaration JwtRole(EnvironmentSettings env, Pipeline pipeline, StageIdentity identity, string name, string policy, int ttl, Owner owner)
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

        return new JwtRoleDeclaration(name, env.Vault.JwtAuthPath, "jwt", env.Ci.UserClaim, [env.Ci.Audience], identity.CiSubject,
            claims.ToImmutable(), "string", ttl, ttl, ttl, [policy], true, owner);
    }

    private static IEnumerable<NetworkPolicyDeclaration> PipelineNetworkPolicies(EnvironmentSettings env, Pipeline pipeline)
    {
        var owner = new Owner(pipeline.Name, null, pipeline.Location);
        var labels = Labels(env, pipeline.Name, null);
        foreach (var ns in pipeline.Namespaces)
        {
            yield return new NetworkPolicyDeclaration("default-deny", ns, ["Egress", "Ingress"], [], [], labels, owner);
            var ingress = pipeline.Network.Ingress.Select(FlowRule).ToImmutableArray();
            // Every workload resolves names; DNS is the one egress no definition should have to spell out.
            var egress = pipeline.Network.Egress.Select(FlowRule).Prepend(DnsRule()).ToImmutableArray();
            yield return new NetworkPolicyDeclaration(Names.Derive(Names.KubernetesMax, "allow", pipeline.Name), ns,
                ingress.IsEmpty ? ["Egress"] : ["Egress", "Ingress"], ingress, egress, labels, owner);
        }
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

    private static ImmutableSortedDictionary<string, string> Tags(EnvironmentSettings env, Pipeline pipeline, Stage stage) =>
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["managed-by"] = ManagedBy,
            ["environment"] = env.Name,
            ["pipeline"] = pipeline.Name,
            ["stage"] = stage.Name,
            ["team"] = pipeline.Team,
        });

    private static ImmutableArray<T> Sorted<T>(IEnumerable<T> items, Func<T, string> key) =>
        [.. items.OrderBy(key, StringComparer.Ordinal)];
}
