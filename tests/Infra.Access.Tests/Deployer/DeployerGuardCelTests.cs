using System.Text.Json.Nodes;
using Infra.Access.Deployer;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Tests.Admission;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Oracles;
using k8s;
using k8s.Models;
using static Infra.Access.Tests.Admission.AdmissionObjects;

namespace Infra.Access.Tests.Deployer;

/// <summary>
/// A stolen deployer credential against the guard the bootstrap applies with the deployer's rights
/// (<c>deployer/platform/guard.yaml</c> of stacks/prod.yaml), judged by a real CEL engine. RBAC alone
/// lets the deployer create any RoleBinding of a Role it holds the permissions of, to any subject, and
/// patch its Roles to any rules within the union it holds: each attack below was allowed before the guard.
/// </summary>
public sealed class DeployerGuardCelTests
{
    private const string Deployer = "access:deployer:prod";
    private const string Admin = "access:bootstrap:admin";
    private const string Ns = "payments-prod";
    private const string DeployRole = "ci-payments-api-deploy";
    private const string VerifyRole = "ci-payments-api-verify";

    private static readonly Lazy<Plan> ProdPlan = new(() =>
    {
        var loaded = DefinitionLoader.Load(Definitions.Read("stacks", "prod.yaml"), "stacks/prod.yaml");
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        return Planner.Build(loaded.Definition!);
    });

    private static readonly Lazy<AdmissionCluster> Guarded = new(() => ClusterOf(DeployerRenderer.GuardYaml(ProdPlan.Value.Deployers.Single(d => d.Team is null))));

    /// <summary>The plan's Roles and RoleBindings as the API server hands them to a policy (read back from the rendered YAML).</summary>
    private static readonly Lazy<IReadOnlyList<JsonObject>> Rendered = new(() =>
        [.. KubernetesYaml.LoadAllFromString(KubernetesRenderer.Render(ProdPlan.Value).Content, typeMap: null, strict: true)
            .Where(o => o is V1Role or V1RoleBinding or V1NetworkPolicy)
            .Select(o => JsonNode.Parse(KubernetesJson.Serialize(o))!.AsObject())]);

    internal static IReadOnlyList<AdmissionCase> Catalog { get; } =
    [
        // Allowed: what pulumi up does.
        new("create the planned Role", "prod", Deployer, Admitted.Allowed, u => Create(u, Role(DeployRole))),
        new("create the planned RoleBinding", "prod", Deployer, Admitted.Allowed, u => Create(u, Binding(DeployRole))),
        new("update the planned RoleBinding (server-side apply, a label changed)", "prod", Deployer, Admitted.Allowed,
            u => Update(u, Binding(DeployRole), b => b["metadata"]!["labels"]!["access.infra/revision"] = "2")),
        new("update the planned Role as planned", "prod", Deployer, Admitted.Allowed, u => Update(u, Role(VerifyRole), _ => { })),
        new("apply the planned Pod Security labels to a namespace that had none", "prod", Deployer, Admitted.Allowed,
            u => UpdateNamespace(u, n => ((JsonObject)n["metadata"]!["labels"]!).Remove("pod-security.kubernetes.io/enforce"), PodSecurityAsPlanned)),
        new("re-apply the planned Pod Security labels, other labels and annotations kept", "prod", Deployer, Admitted.Allowed,
            u => UpdateNamespace(u, _ => { }, PodSecurityAsPlanned)),
        new("the Pulumi namespace patch's own annotations (field manager, force) added", "prod", Deployer, Admitted.Allowed,
            u => UpdateNamespace(u, _ => { }, n =>
            {
                n["metadata"]!["annotations"]!["pulumi.com/patchFieldManager"] = "access-pod-security";
                n["metadata"]!["annotations"]!["pulumi.com/patchForce"] = "true";
            })),
        new("create the planned default-deny NetworkPolicy", "prod", Deployer, Admitted.Allowed, u => Create(u, Policy("default-deny"))),
        new("update the planned allow NetworkPolicy as planned (a label changed)", "prod", Deployer, Admitted.Allowed,
            u => Update(u, Policy("allow-payments-api"), p => p["metadata"]!["labels"]!["access.infra/revision"] = "2")),
        new("anyone but the deployer is not judged (the bootstrap administrators)", "prod", Admin, Admitted.Unjudged,
            u => Create(u, Binding(DeployRole, b => b["subjects"]!.AsArray().Add(Subject("Group", "system:authenticated", null))))),
        new("a delete is not judged (removing a planned object narrows access)", "prod", Deployer, Admitted.Unjudged,
            u => new AdmissionInput(Request(u, "DELETE", PlannedObjects.RbacGroup, "v1", "rolebindings", "RoleBinding", Ns, DeployRole), null, Binding(DeployRole))),

        // Denied: RoleBindings a stolen deployer credential writes.
        new("a new RoleBinding of a planned Role to an outside user", "prod", Deployer, Admitted.Denied,
            u => Create(u, Binding(DeployRole, b =>
            {
                b["metadata"]!["name"] = "backdoor";
                b["subjects"] = new JsonArray(Subject("User", "attacker@example.com", null));
            }))),
        new("the planned RoleBinding with system:authenticated added", "prod", Deployer, Admitted.Denied,
            u => Create(u, Binding(DeployRole, b => b["subjects"]!.AsArray().Add(Subject("Group", "system:authenticated", null))))),
        new("the planned RoleBinding to a ServiceAccount of another namespace", "prod", Deployer, Admitted.Denied,
            u => Update(u, Binding(DeployRole), b => b["subjects"]![0]!["namespace"] = "orders-prod")),
        new("the planned RoleBinding to another ServiceAccount of its namespace", "prod", Deployer, Admitted.Denied,
            u => Update(u, Binding(DeployRole), b => b["subjects"]![0]!["name"] = "default")),
        new("the read-only stage's RoleBinding pointed at the deploy Role", "prod", Deployer, Admitted.Denied,
            u => Update(u, Binding(VerifyRole), b => b["roleRef"]!["name"] = DeployRole)),
        new("a planned RoleBinding pointed at the deployer's own Role", "prod", Deployer, Admitted.Denied,
            u => Update(u, Binding(VerifyRole), b => b["roleRef"]!["name"] = DeployerPlanner.KubernetesRoleName)),
        new("a planned RoleBinding pointed at a ClusterRole of the same name", "prod", Deployer, Admitted.Denied,
            u => Update(u, Binding(VerifyRole), b => b["roleRef"]!["kind"] = "ClusterRole")),
        new("a RoleBinding without a name (generateName)", "prod", Deployer, Admitted.Denied,
            u => Create(u, Binding(DeployRole, b => ((JsonObject)b["metadata"]!).Remove("name")))),

        // Denied: Roles.
        new("the read-only stage's Role given the deploy rule", "prod", Deployer, Admitted.Denied,
            u => Update(u, Role(VerifyRole), r => r["rules"]!.AsArray().Add(Role(DeployRole)["rules"]![0]!.DeepClone()))),
        new("a verb added to a planned rule", "prod", Deployer, Admitted.Denied,
            u => Update(u, Role(DeployRole), r => r["rules"]![0]!["verbs"]!.AsArray().Add("delete"))),
        new("the resourceNames of a planned rule dropped (every object of the kind)", "prod", Deployer, Admitted.Denied,
            u => Update(u, Role(DeployRole), r => ((JsonObject)r["rules"]!.AsArray().First(x => x!["resourceNames"] is not null)!).Remove("resourceNames"))),
        new("a planned rule dropped and another's verbs swapped in", "prod", Deployer, Admitted.Denied,
            u => Update(u, Role(DeployRole), r => r["rules"]!.AsArray().RemoveAt(0))),
        new("a new Role of its own", "prod", Deployer, Admitted.Denied,
            u => Create(u, Role(DeployRole, r => r["metadata"]!["name"] = "backdoor"))),

        // Denied: NetworkPolicies (policies add up: one allow-all opens the namespace).
        new("a new allow-all NetworkPolicy", "prod", Deployer, Admitted.Denied,
            u => Create(u, Policy("default-deny", p =>
            {
                p["metadata"]!["name"] = "allow-all";
                p["spec"]!["ingress"] = JsonNode.Parse("[{}]");
                p["spec"]!["egress"] = JsonNode.Parse("[{}]");
            }))),
        new("the default-deny policy given an allow-all ingress rule", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("default-deny"), p => p["spec"]!["ingress"] = JsonNode.Parse("[{}]"))),
        new("the default-deny policy narrowed to some pods", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("default-deny"), p => p["spec"]!["podSelector"] = JsonNode.Parse("""{"matchLabels":{"app":"none"}}"""))),
        new("the default-deny policy without Egress", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("default-deny"), p => p["spec"]!["policyTypes"] = new JsonArray("Ingress"))),
        new("an allowed peer widened to every namespace", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("allow-payments-api"), p => p["spec"]!["ingress"]![0]!["from"]![0]!["namespaceSelector"] = new JsonObject())),
        new("an allowed rule's peers dropped (from every source)", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("allow-payments-api"), p => ((JsonObject)p["spec"]!["ingress"]![0]!).Remove("from"))),
        new("an allowed rule's ports dropped (every port)", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("allow-payments-api"), p => ((JsonObject)p["spec"]!["ingress"]![0]!).Remove("ports"))),
        new("an allowed port widened to a range", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("allow-payments-api"), p => p["spec"]!["ingress"]![0]!["ports"]![0]!["endPort"] = 65535)),
        new("an egress rule to the internet added", "prod", Deployer, Admitted.Denied,
            u => Update(u, Policy("allow-payments-api"), p => p["spec"]!["egress"]!.AsArray().Add(JsonNode.Parse("""{"to":[{"ipBlock":{"cidr":"0.0.0.0/0"}}]}""")))),

        // Denied: cluster-wide RBAC (no namespace selector skips a cluster-scoped object).
        new("a ClusterRoleBinding", "prod", Deployer, Admitted.Denied,
            u => new AdmissionInput(Request(u, "CREATE", PlannedObjects.RbacGroup, "v1", "clusterrolebindings", "ClusterRoleBinding", null, "backdoor"),
                JsonNode.Parse("""{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRoleBinding","metadata":{"name":"backdoor"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"access-deployer-prod"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"User","name":"attacker@example.com"}]}"""), null)),

        // Denied: the namespace's labels and annotations.
        new("Pod Security enforce relabelled privileged", "prod", Deployer, Admitted.Denied,
            u => UpdateNamespace(u, _ => { }, n => n["metadata"]!["labels"]!["pod-security.kubernetes.io/enforce"] = "privileged")),
        new("a planned Pod Security label removed", "prod", Deployer, Admitted.Denied,
            u => UpdateNamespace(u, _ => { }, n => ((JsonObject)n["metadata"]!["labels"]!).Remove("pod-security.kubernetes.io/warn"))),
        new("a label another namespace's network policy selects on added", "prod", Deployer, Admitted.Denied,
            u => UpdateNamespace(u, _ => { }, n => n["metadata"]!["labels"]!["team"] = "orders")),
        new("a label it did not plan changed", "prod", Deployer, Admitted.Denied,
            u => UpdateNamespace(u, _ => { }, n => n["metadata"]!["labels"]!["access.infra/pipeline"] = "orders-worker")),
        new("the patch's field manager annotation naming another manager", "prod", Deployer, Admitted.Denied,
            u => UpdateNamespace(u, _ => { }, n => n["metadata"]!["annotations"]!["pulumi.com/patchFieldManager"] = "kubectl")),
        new("an annotation added to the namespace", "prod", Deployer, Admitted.Denied,
            u => UpdateNamespace(u, _ => { }, n => n["metadata"]!["annotations"]!["scheduler.alpha.kubernetes.io/node-selector"] = "pool=prod-secrets")),
    ];

    private static readonly Lazy<Dictionary<string, (Admitted Verdict, string Detail)>> Verdicts = new(() => AdmissionCelTests.Judge(Catalog, _ => Guarded.Value));

    public static TheoryData<string> Names() => [.. Catalog.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Guard_WhenTheDeployersRequestIsJudgedByARealCelEngine_ShouldAdmitOnlyThePlan(string name)
    {
        var expected = Catalog.Single(c => c.Name == name).Expected;
        var (verdict, detail) = Verdicts.Value[name];

        Assert.True(expected == verdict, $"{name}: expected {expected}, got {verdict} ({detail})");
    }

    /// <summary>Each weakening of the rendered guard lets its attack through: the cases can fail.</summary>
    [Theory]
    [InlineData("the planned RoleBinding with system:authenticated added", "size(object.subjects) == 1", "size(object.subjects) >= 1")]
    [InlineData("a new RoleBinding of a planned Role to an outside user", "object.metadata.name in ['ci-payments-api-deploy', 'ci-payments-api-verify']", "true")]
    [InlineData("the read-only stage's RoleBinding pointed at the deploy Role", "object.roleRef.name == 'ci-payments-api-verify'", "true")]
    [InlineData("the read-only stage's Role given the deploy rule", "'ci-payments-api-verify' || (has(object.rules) && size(object.rules) == 3", "'ci-payments-api-verify' || (has(object.rules) && size(object.rules) >= 3")]
    [InlineData("a label another namespace's network policy selects on added", "(variables.labels.all(k,", "(true || variables.labels.all(k,")]
    [InlineData("an allowed port widened to a range", "!has(object.spec.ingress[0].ports[0].endPort)", "true")]
    [InlineData("the default-deny policy given an allow-all ingress rule", "['Egress', 'Ingress'] && size(has(object.spec.ingress) ? object.spec.ingress : []) == 0", "['Egress', 'Ingress'] && size(has(object.spec.ingress) ? object.spec.ingress : []) >= 0")]
    [InlineData("a ClusterRoleBinding", "!(request.resource.resource in ['clusterrolebindings', 'clusterroles'])", "true")]
    public void Guard_WhenAnExpressionIsWeakened_ShouldLetTheAttackThrough(string name, string find, string weaker)
    {
        var testCase = Catalog.Single(c => c.Name == name);
        Assert.Contains(Guarded.Value.Policies, p => p.Metadata.Name == "access-deployer-guard-prod-payments-prod" && (p.Spec.Validations ?? []).Any(v => v.Expression.Contains(find, StringComparison.Ordinal)));

        // Every guard: a cluster-scoped object is judged by the guard of each namespace.
        var weakened = Guarded.Value.Policies.Aggregate(Guarded.Value, (cluster, p) => cluster.WithPolicy(p.Metadata.Name, e => e.Replace(find, weaker, StringComparison.Ordinal)));

        Assert.Equal(Admitted.Denied, Verdicts.Value[name].Verdict);
        Assert.Equal(Admitted.Allowed, AdmissionCelTests.Judge([testCase], _ => weakened)[name].Verdict);
    }

    [Fact]
    public void Guard_ShouldStandInEveryNamespaceTheDeployerWritesRbacNetworkPoliciesOrLabelsIn()
    {
        foreach (var deployer in ProdPlan.Value.Deployers)
        {
            var guarded = deployer.Guards.SelectMany(g => g.Bindings).Select(b => b.Namespace).ToHashSet(StringComparer.Ordinal);
            var writes = deployer.KubernetesRoles.Where(r => r.Kind == "Role" && r.Rules.Any(x => (x.ApiGroups.Contains(PlannedObjects.RbacGroup) || x.ApiGroups.Contains(PlannedObjects.NetworkingGroup)) && x.Verbs.Contains("create")))
                .Select(r => r.Namespace);
            var labels = deployer.KubernetesRoles.Where(r => r.Kind == "ClusterRole").SelectMany(r => r.Rules)
                .Where(x => x.Resources.Contains("namespaces") && x.Verbs.Contains("patch")).SelectMany(x => x.ResourceNames);

            Assert.NotEmpty(guarded);
            Assert.All(writes.Concat(labels), ns => Assert.Contains(ns, guarded));
            Assert.All(deployer.Guards, g => Assert.Equal(deployer.KubernetesUser, g.Username));
        }
    }

    /// <summary>The guard is the bootstrap's: the deployer may neither change nor delete it (its names are not the plan's).</summary>
    [Fact]
    public void Guard_ShouldBeOutOfTheDeployersReach()
    {
        foreach (var deployer in ProdPlan.Value.Deployers)
        {
            foreach (var guard in deployer.Guards)
            {
                foreach (var verb in new[] { "patch", "delete", "update" })
                {
                    Assert.False(deployer.Allows(null, PlannedObjects.AdmissionGroup, "validatingadmissionpolicies", guard.Name, verb), $"{deployer.Id} may {verb} {guard.Name}");
                    Assert.All(guard.Bindings, b => Assert.False(deployer.Allows(null, PlannedObjects.AdmissionGroup, "validatingadmissionpolicybindings", b.Name, verb), $"{deployer.Id} may {verb} binding {b.Name}"));
                }
            }
        }
    }

    private static AdmissionCluster ClusterOf(string yaml)
    {
        var all = KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);
        return new AdmissionCluster([.. all.OfType<V1ValidatingAdmissionPolicy>()], [.. all.OfType<V1ValidatingAdmissionPolicyBinding>()], []);
    }

    private static JsonObject Role(string name, Action<JsonObject>? change = null) => Planned("Role", name, change);

    private static JsonObject Binding(string name, Action<JsonObject>? change = null) => Planned("RoleBinding", name, change);

    private static JsonObject Policy(string name, Action<JsonObject>? change = null) => Planned("NetworkPolicy", name, change);

    private static JsonObject Planned(string kind, string name, Action<JsonObject>? change)
    {
        var found = Rendered.Value.Single(o => o["kind"]!.GetValue<string>() == kind && o["metadata"]!["name"]!.GetValue<string>() == name && o["metadata"]!["namespace"]!.GetValue<string>() == Ns);
        var copy = found.DeepClone().AsObject();
        // What the API server adds to every stored object.
        copy["metadata"]!["uid"] = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
        copy["metadata"]!["resourceVersion"] = "815";
        copy["metadata"]!["managedFields"] = new JsonArray();
        change?.Invoke(copy);
        return copy;
    }

    private static JsonObject Subject(string kind, string name, string? ns)
    {
        var subject = new JsonObject { ["apiGroup"] = kind == "ServiceAccount" ? "" : PlannedObjects.RbacGroup, ["kind"] = kind, ["name"] = name };
        if (ns is not null)
        {
            subject["namespace"] = ns;
        }

        return subject;
    }

    private static AdmissionInput Create(string user, JsonObject obj)
    {
        var kind = obj["kind"]!.GetValue<string>();
        var name = obj["metadata"]!["name"]?.GetValue<string>();
        return new(Request(user, "CREATE", GroupOf(kind), "v1", PlannedObjects.Plural(kind), kind, Ns, name), obj, null);
    }

    private static AdmissionInput Update(string user, JsonObject old, Action<JsonObject> change)
    {
        var kind = old["kind"]!.GetValue<string>();
        return new(Request(user, "UPDATE", GroupOf(kind), "v1", PlannedObjects.Plural(kind), kind, Ns, old["metadata"]!["name"]!.GetValue<string>()), Changed(old, change), old);
    }

    private static string GroupOf(string kind) => kind == "NetworkPolicy" ? PlannedObjects.NetworkingGroup : PlannedObjects.RbacGroup;

    /// <summary>The payments namespace as it stands (platform labels, an annotation, the planned Pod Security labels), before and after a change.</summary>
    private static AdmissionInput UpdateNamespace(string user, Action<JsonObject> before, Action<JsonObject> after)
    {
        var old = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject
            {
                ["name"] = Ns,
                ["uid"] = "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                ["resourceVersion"] = "4711",
                ["managedFields"] = new JsonArray(),
                ["labels"] = new JsonObject
                {
                    ["kubernetes.io/metadata.name"] = Ns,
                    ["access.infra/pipeline"] = "payments-api",
                    ["team"] = "payments",
                },
                ["annotations"] = new JsonObject { ["owner"] = "platform" },
            },
            ["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") },
            ["status"] = new JsonObject { ["phase"] = "Active" },
        };
        PodSecurityAsPlanned(old);
        before(old);
        var request = Request(user, "UPDATE", "", "v1", "namespaces", "Namespace", Ns, Ns);
        return new(request, Changed(old, n =>
        {
            PodSecurityAsPlanned(n);
            after(n);
        }), old);
    }

    private static void PodSecurityAsPlanned(JsonObject ns)
    {
        var patch = ProdPlan.Value.Kubernetes.PodSecurity.Single(p => p.Namespace == Ns);
        foreach (var (key, value) in patch.Labels)
        {
            ns["metadata"]!["labels"]![key] = value;
        }

        foreach (var (key, value) in patch.Annotations)
        {
            ns["metadata"]!["annotations"]![key] = value;
        }
    }
}
