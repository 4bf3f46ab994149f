using Infra.Access.Deployer;
using Infra.Access.Loading;
using Infra.Components;
using Infra.Components.Validation;
using Infra.Testing;

namespace Infra.Components.Tests;

/// <summary>
/// Issue 17: every resource the Pulumi layer registers is covered by the deployer's rendered rights,
/// and the deployer's rights name nothing the layer does not register. Read from the mock run's
/// registrations (type tokens and wire inputs), not from the plan.
/// </summary>
[Collection(PulumiTests.Name)]
public sealed class DeployerCoverageTests
{
    private static readonly string[] NamedVerbs = ["delete", "get", "patch"];
    private static readonly string[] VaultObjectCapabilities = ["create", "delete", "read", "update"];

    [Theory]
    [InlineData("staging", false)]
    [InlineData("prod", false)]
    [InlineData("prod", true)]
    public async Task EnvironmentAccess_WhenRegistered_ShouldBeCoveredByThePlatformDeployerAndNothingMore(string environment, bool teams)
    {
        var checkedEnvironment = Load(environment, teams);
        var deployer = checkedEnvironment.Plan.Deployers.Single(d => d.Team is null);

        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess(environment, new EnvironmentAccessArgs { Environment = checkedEnvironment }));
        var registered = mocks.Registered.Where(r => !r.IsComponent).ToList();

        var named = new HashSet<(string?, string, string, string)>();
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in registered)
        {
            if (resource.Type.StartsWith("kubernetes:", StringComparison.Ordinal))
            {
                var (group, plural) = KubernetesType(resource.Type);
                var ns = resource.Text("metadata.namespace");
                var name = resource.Text("metadata.name")!;
                named.Add((ns, group, plural, name));
                if (resource.Type == "kubernetes:core/v1:NamespacePatch")
                {
                    // Labels of an existing namespace, by name: read and patch, never create.
                    Assert.True(deployer.Allows(null, "", "namespaces", name, "patch") && deployer.Allows(null, "", "namespaces", name, "get"), $"deployer cannot label namespace {name}");
                    Assert.False(deployer.Allows(null, "", "namespaces", null, "create"), "the deployer must never create namespaces");
                    continue;
                }

                Assert.True(deployer.Allows(ns, group, plural, null, "create"), $"deployer cannot create {resource.Type} {ns}/{name}");
                Assert.All(NamedVerbs, verb => Assert.True(deployer.Allows(ns, group, plural, name, verb), $"deployer cannot {verb} {resource.Type} {ns}/{name}"));
                if (plural == "roles")
                {
                    // RBAC escalation prevention: the deployer must hold every permission of a Role it writes.
                    foreach (var rule in Rules(resource))
                    {
                        foreach (var (g, r, n, v) in rule)
                        {
                            Assert.True(deployer.Allows(ns, g, r, n, v), $"deployer cannot write Role {ns}/{name}: lacks {v} {g}/{r}:{n}");
                        }
                    }

                    Assert.True(deployer.Allows(ns, "rbac.authorization.k8s.io", "roles", name, "bind"), $"deployer cannot bind {ns}/{name}");
                }
            }
            else
            {
                var (path, capabilities) = VaultPath(resource);
                paths.Add(path);
                var held = deployer.VaultPolicy.Paths.SingleOrDefault(p => p.Path == path);
                Assert.True(held is not null, $"deployer's policy lacks '{path}' ({resource.Type} {resource.Name})");
                Assert.All(capabilities, c => Assert.Contains(c, held!.Capabilities));
            }
        }

        // Nothing more: every name and path the deployer holds is a registered object's.
        foreach (var role in deployer.KubernetesRoles)
        {
            foreach (var rule in role.Rules.Where(r => !r.ResourceNames.IsEmpty && !r.Verbs.Contains("bind")))
            {
                foreach (var (g, r, n) in rule.ApiGroups.SelectMany(g => rule.Resources.SelectMany(r => rule.ResourceNames.Select(n => (g, r, n)))))
                {
                    var managed = named.Contains((role.Kind == "ClusterRole" ? null : role.Namespace, g, r, n));
                    var granted = registered.Any(x => x.Type.EndsWith(":Role", StringComparison.Ordinal) && x.Text("metadata.namespace") == role.Namespace
                        && Rules(x).SelectMany(a => a).Any(a => a.Group == g && a.Resource == r && a.Name == n));
                    Assert.True(managed || granted, $"deployer names {g}/{r}:{n} in {role.Namespace}, which nothing registered needs");
                }
            }
        }

        Assert.Equal(paths.Order(StringComparer.Ordinal), deployer.VaultPolicy.Paths.Select(p => p.Path).Where(p => p != "sys/audit").Order(StringComparer.Ordinal));
        if (teams)
        {
            Assert.DoesNotContain(registered, r => r.Text("metadata.namespace") is "payments-prod" or "ledger-prod");
        }
    }

    [Fact]
    public async Task TeamProgram_WhenItRegistersItsPipeline_ShouldReadThePlatformsAdmissionPoliciesAndRegisterOnlyWhatItsDeployerMay()
    {
        var checkedEnvironment = Load("prod", teams: true);
        var plan = checkedEnvironment.Plan;
        var team = plan.Deployers.Single(d => d.Team == "payments");
        var guards = plan.Admission.Policies.Where(p => p.Owner.Pipeline == "payments-api").ToList();
        Assert.NotEmpty(guards);

        var (_, mocks) = await ComponentRun.Declare(() => _ = new PipelineAccess("payments-api", checkedEnvironment));
        var resources = mocks.Registered.Where(r => !r.IsComponent).ToList();

        // The team's program never writes an admission object: it reads each one, by name, before its grants.
        var admission = resources.Where(r => r.Type.StartsWith("kubernetes:admissionregistration.k8s.io/", StringComparison.Ordinal)).ToList();
        Assert.All(admission, r => Assert.NotNull(r.ReadId));
        Assert.Equal(
            guards.SelectMany(p => p.Bindings.Select(b => b.Name).Prepend(p.Name)).Order(StringComparer.Ordinal),
            admission.Select(r => r.ReadId!).Order(StringComparer.Ordinal));
        Assert.All(admission, r =>
        {
            var (group, plural) = KubernetesType(r.Type);
            Assert.True(team.Allows(null, group, plural, r.ReadId, "get"), $"deployer:payments cannot read {r.Type} {r.ReadId}");
            Assert.False(team.Allows(null, group, plural, r.ReadId, "patch"), $"deployer:payments may change {r.Type} {r.ReadId}");
            Assert.False(team.Allows(null, group, plural, null, "create"), $"deployer:payments may create {r.Type}");
        });

        // Everything else it registers, its deployer may create and manage by name.
        foreach (var resource in resources.Where(r => r.ReadId is null && r.Type.StartsWith("kubernetes:", StringComparison.Ordinal) && r.Type != "kubernetes:core/v1:NamespacePatch"))
        {
            var (group, plural) = KubernetesType(resource.Type);
            var ns = resource.Text("metadata.namespace");
            Assert.True(team.Allows(ns, group, plural, null, "create"), $"deployer:payments cannot create {resource.Type} {ns}/{resource.Text("metadata.name")}");
        }
    }

    private static CheckedEnvironment Load(string environment, bool teams)
    {
        var text = ComponentRun.StackText(environment);
        if (teams)
        {
            text = text.Replace("  tokenTtlCeiling: 15m\n", "  tokenTtlCeiling: 15m\n  teamDeployers: [payments]\n", StringComparison.Ordinal);
        }

        return EnvironmentGate.Load(text, $"stacks/{environment}.yaml", ComponentRun.AsOf);
    }

    /// <summary><c>kubernetes:rbac.authorization.k8s.io/v1:Role</c> to (<c>rbac.authorization.k8s.io</c>, <c>roles</c>); core is "".</summary>
    private static (string Group, string Plural) KubernetesType(string type)
    {
        var parts = type.Split(':');
        var group = parts[1][..parts[1].IndexOf('/', StringComparison.Ordinal)];
        var kind = parts[2] == "NamespacePatch" ? "namespace" : parts[2].ToLowerInvariant();
        return (group == "core" ? "" : group, kind.EndsWith('y') ? kind[..^1] + "ies" : kind + "s");
    }

    /// <summary>What a Role's wire input <c>rules</c> grants, one tuple per group, resource, name (null: any) and verb.</summary>
    private static IEnumerable<IEnumerable<(string Group, string Resource, string? Name, string Verb)>> Rules(RegisteredResource role) =>
        role.At("rules") is IEnumerable<object> rules
            ? rules.Cast<IReadOnlyDictionary<string, object>>().Select(rule =>
            {
                IEnumerable<string> List(string key) => rule.TryGetValue(key, out var v) && v is IEnumerable<object> items ? items.Cast<string>() : [];
                var names = List("resourceNames").Select(n => (string?)n).DefaultIfEmpty(null);
                return List("apiGroups").SelectMany(g => List("resources").SelectMany(r => names.SelectMany(n => List("verbs").Select(v => (g, r, n, v)))));
            })
            : [];

    private static (string Path, string[] Capabilities) VaultPath(RegisteredResource resource) => resource.Type switch
    {
        "vault:index/policy:Policy" => ($"sys/policies/acl/{resource.Text("name")}", VaultObjectCapabilities),
        "vault:jwt/authBackendRole:AuthBackendRole" => ($"auth/{resource.Text("backend")}/role/{resource.Text("roleName")}", VaultObjectCapabilities),
        "vault:kubernetes/secretBackendRole:SecretBackendRole" => ($"{resource.Text("backend")}/roles/{resource.Text("name")}", VaultObjectCapabilities),
        // Vault requires sudo to enable a device; deleting one stays with the bootstrap administrators.
        "vault:index/audit:Audit" => ($"sys/audit/{resource.Text("path")}", ["create", "sudo"]),
        _ => throw new InvalidOperationException($"a registered type the deployer test does not know: {resource.Type}"),
    };
}
