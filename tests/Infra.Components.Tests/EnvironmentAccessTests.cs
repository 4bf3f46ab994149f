using System.Reflection;
using Infra.Access.Rendering;
using Infra.Components;
using Infra.Testing;
using Pulumi.Utilities;

namespace Infra.Components.Tests;

[Collection(PulumiTests.Name)]
public sealed class EnvironmentAccessTests
{
    private const string PolicyType = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
    private const string BindingType = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding";

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task EnvironmentAccess_ForEachStack_ShouldRegisterThePlanNameForName(string environment)
    {
        var checkedEnvironment = ComponentRun.Stack(environment);
        var plan = checkedEnvironment.Plan;

        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess(environment, new EnvironmentAccessArgs { Environment = checkedEnvironment }));

        Assert.Equal(plan.Kubernetes.ServiceAccounts.Select(a => $"{a.Namespace}/{a.Name}").Order(StringComparer.Ordinal),
            Registered(mocks, "kubernetes:core/v1:ServiceAccount").Select(r => r.KubernetesName).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Kubernetes.Roles.Select(a => $"{a.Namespace}/{a.Name}").Order(StringComparer.Ordinal),
            Registered(mocks, "kubernetes:rbac.authorization.k8s.io/v1:Role").Select(r => r.KubernetesName).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Kubernetes.RoleBindings.Select(a => $"{a.Namespace}/{a.Name}").Order(StringComparer.Ordinal),
            Registered(mocks, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").Select(r => r.KubernetesName).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Kubernetes.NetworkPolicies.Select(a => $"{a.Namespace}/{a.Name}").Order(StringComparer.Ordinal),
            Registered(mocks, "kubernetes:networking.k8s.io/v1:NetworkPolicy").Select(r => r.KubernetesName).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Kubernetes.PodSecurity.Select(p => p.Namespace).Order(StringComparer.Ordinal),
            Registered(mocks, "kubernetes:core/v1:NamespacePatch").Select(r => r.Text("metadata.name")!).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Vault.Policies.Select(p => p.Name).Order(StringComparer.Ordinal),
            Registered(mocks, "vault:index/policy:Policy").Select(r => r.Text("name")!).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Vault.JwtRoles.Select(r => $"{r.Backend}/{r.Name}").Order(StringComparer.Ordinal),
            Registered(mocks, "vault:jwt/authBackendRole:AuthBackendRole").Select(r => $"{r.Text("backend")}/{r.Text("roleName")}").Order(StringComparer.Ordinal));
        Assert.Equal(plan.Vault.KubernetesSecretRoles.Select(r => $"{r.Backend}/{r.Name}").Order(StringComparer.Ordinal),
            Registered(mocks, "vault:kubernetes/secretBackendRole:SecretBackendRole").Select(r => $"{r.Text("backend")}/{r.Text("name")}").Order(StringComparer.Ordinal));
        Assert.Equal(plan.Vault.AuditDevices.Select(d => d.Path).Order(StringComparer.Ordinal),
            Registered(mocks, "vault:index/audit:Audit").Select(r => r.Text("path")!).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Admission.Policies.Select(p => p.Name).Order(StringComparer.Ordinal),
            Registered(mocks, PolicyType).Select(r => r.Text("metadata.name")!).Order(StringComparer.Ordinal));
        Assert.Equal(plan.Admission.Policies.SelectMany(p => p.Bindings.Select(b => b.Name)).Order(StringComparer.Ordinal),
            Registered(mocks, BindingType).Select(r => r.Text("metadata.name")!).Order(StringComparer.Ordinal));
        // Nothing beyond the plan: the components register no resource type of their own choosing.
        var mapped = new[]
        {
            PolicyType, BindingType,
            "kubernetes:core/v1:ServiceAccount", "kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy", "vault:index/policy:Policy", "vault:jwt/authBackendRole:AuthBackendRole",
            "vault:kubernetes/secretBackendRole:SecretBackendRole", "vault:index/audit:Audit", "kubernetes:core/v1:NamespacePatch",
        };
        Assert.All(mocks.Registered.Where(r => !r.IsComponent), r => Assert.Contains(r.Type, mapped));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task EnvironmentAccess_ForEachStack_ShouldRegisterNoWildcardAnywhere(string environment)
    {
        var checkedEnvironment = ComponentRun.Stack(environment);

        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess(environment, new EnvironmentAccessArgs { Environment = checkedEnvironment }));

        Assert.NotEmpty(mocks.Registered);
        var wildcards = Wildcards.In(mocks.Registered).ToList();
        Assert.True(wildcards.Count == 0, string.Join("\n", wildcards));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task EnvironmentAccess_ForEachStack_ShouldTurnTokenAutomountOffOnEveryServiceAccount(string environment)
    {
        var checkedEnvironment = ComponentRun.Stack(environment);

        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess(environment, new EnvironmentAccessArgs { Environment = checkedEnvironment }));

        var accounts = Registered(mocks, "kubernetes:core/v1:ServiceAccount").ToList();
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.Equal(false, a.At("automountServiceAccountToken")));
    }

    [Fact]
    public async Task EnvironmentAccess_WhenPipelineIsPausedOrDecommissioned_ShouldRegisterNoBindingNoLoginAndNothingForDecommissioned()
    {
        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess("staging", new EnvironmentAccessArgs { Environment = ComponentRun.Stack("staging") }));

        // search-indexer is paused: its Role stays (visible in review), but nothing binds it and CI cannot log in.
        Assert.Contains(Registered(mocks, "kubernetes:rbac.authorization.k8s.io/v1:Role"), r => r.KubernetesName == "search-staging/ci-search-indexer-deploy");
        Assert.DoesNotContain(Registered(mocks, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"), r => r.KubernetesName.StartsWith("search-staging/", StringComparison.Ordinal));
        Assert.DoesNotContain(Registered(mocks, "vault:jwt/authBackendRole:AuthBackendRole"), r => r.Text("roleName")!.Contains("search-indexer", StringComparison.Ordinal));
        // legacy-reports is decommissioned: no identity, no grant, no login; only the default deny of its namespace stays (K8S012), no allowed flow.
        Assert.DoesNotContain(mocks.Registered, r => !r.IsComponent && r.Type != "kubernetes:networking.k8s.io/v1:NetworkPolicy"
            && (r.Name.Contains("legacy-reports", StringComparison.Ordinal) || r.AllStrings().Any(s => s.Value.Contains("legacy-reports", StringComparison.Ordinal))));
        Assert.Equal(["reports-staging/default-deny"], Registered(mocks, "kubernetes:networking.k8s.io/v1:NetworkPolicy").Select(r => r.KubernetesName).Where(n => n.StartsWith("reports-staging/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EnvironmentAccess_ForStagingDeployStage_ShouldMapEveryFieldOfTheRoleBindingAndVaultRole()
    {
        var plan = ComponentRun.Stack("staging").Plan;
        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess("staging", new EnvironmentAccessArgs { Environment = ComponentRun.Stack("staging") }));

        var role = Registered(mocks, "kubernetes:rbac.authorization.k8s.io/v1:Role").Single(r => r.KubernetesName == "payments-staging/ci-payments-api-deploy");
        var rules = Assert.IsAssignableFrom<IEnumerable<object>>(role.At("rules")).Cast<IReadOnlyDictionary<string, object>>().ToList();
        Assert.Contains(rules, r => Strings(r["resources"]).SequenceEqual(["deployments"]) && r.TryGetValue("resourceNames", out var names) && Strings(names).SequenceEqual(["payments-api"])
            && Strings(r["verbs"]).SequenceEqual(["get", "patch", "update"]) && Strings(r["apiGroups"]).SequenceEqual(["apps"]));

        var binding = Registered(mocks, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").Single(r => r.KubernetesName == "payments-staging/ci-payments-api-deploy");
        Assert.Equal("Role", binding.Text("roleRef.kind"));
        Assert.Equal("ci-payments-api-deploy", binding.Text("roleRef.name"));
        Assert.Equal("rbac.authorization.k8s.io", binding.Text("roleRef.apiGroup"));

        var jwt = Registered(mocks, "vault:jwt/authBackendRole:AuthBackendRole").Single(r => r.Text("roleName") == "ci-payments-api-deploy");
        Assert.Equal("repo:example-org/payments-api:environment:staging", jwt.Text("boundSubject"));
        Assert.Equal("example-org/payments-api", jwt.Text("boundClaims.repository"));
        Assert.Equal("refs/heads/main", jwt.Text("boundClaims.ref"));
        Assert.Equal(30 * 60.0, jwt.At("tokenTtl"));
        Assert.Equal(true, jwt.At("tokenNoDefaultPolicy"));
        Assert.Equal(["ci-staging-payments-api-deploy"], jwt.Texts("tokenPolicies"));

        var policy = Registered(mocks, "vault:index/policy:Policy").Single(r => r.Text("name") == "ci-staging-payments-api-deploy");
        Assert.Equal(VaultRenderer.PolicyHcl(plan.Vault.Policies.Single(p => p.Name == "ci-staging-payments-api-deploy")), policy.Text("policy"));
        Assert.Contains("path \"kv-staging/data/payments/api\" {\n  capabilities = [\"read\"]\n}", policy.Text("policy"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnvironmentAccess_ForStaging_ShouldParentEveryResourceToAComponentAndNameItExplicitly()
    {
        var (resources, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess("staging", new EnvironmentAccessArgs { Environment = ComponentRun.Stack("staging") }));

        // The SDK has no public parent getter and mock URNs flatten the parent chain, so read the
        // SDK's (internal) child sets: every resource but the root must be some component's child.
        var childrenOf = typeof(Pulumi.Resource).GetProperty("ChildResources", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var parented = resources.OfType<Pulumi.ComponentResource>()
            .Where(c => c.GetResourceType().StartsWith("infra:access:", StringComparison.Ordinal))
            .SelectMany(c => (IEnumerable<Pulumi.Resource>)childrenOf.GetValue(c)!)
            .ToHashSet();
        var notRoot = resources.Where(r => r is not EnvironmentAccess).ToList();
        Assert.NotEmpty(notRoot);
        Assert.All(notRoot, r => Assert.True(parented.Contains(r), $"{r.GetResourceType()} {r.GetResourceName()} has no component parent"));
        Assert.All(Registered(mocks, "kubernetes:core/v1:ServiceAccount"), r => Assert.Equal(r.Name, r.KubernetesName));
        Assert.Equal(mocks.Registered.Count, mocks.Registered.Select(r => (r.Type, r.Name)).Distinct().Count());
    }

    [Fact]
    public async Task EnvironmentAccess_ForStaging_ShouldOutputEveryServiceAccountAndVaultRoleOfThePlan()
    {
        var plan = ComponentRun.Stack("staging").Plan;
        EnvironmentAccess? access = null;
        await ComponentRun.Declare(() => access = new EnvironmentAccess("staging", new EnvironmentAccessArgs { Environment = ComponentRun.Stack("staging") }));

        Assert.Equal(plan.Kubernetes.ServiceAccounts.Select(a => $"{a.Namespace}/{a.Name}"), await OutputUtilities.GetValueAsync(access!.ServiceAccounts));
        Assert.Equal(plan.Vault.JwtRoles.Select(r => $"{r.Backend}/{r.Name}"), await OutputUtilities.GetValueAsync(access.VaultRoles));
        Assert.Contains("jwt-ci-staging/ci-payments-api-deploy", await OutputUtilities.GetValueAsync(access.VaultRoles));
    }

    /// <summary>Issue 13: every live CI identity that can write in Kubernetes is judged by a registered, enforcing admission policy.</summary>
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task EnvironmentAccess_ForEachStack_ShouldCoverEveryWritingCiIdentityWithAnAdmissionPolicy(string environment)
    {
        var checkedEnvironment = ComponentRun.Stack(environment);
        var plan = checkedEnvironment.Plan;

        var (_, mocks) = await ComponentRun.Declare(() => _ = new EnvironmentAccess(environment, new EnvironmentAccessArgs { Environment = checkedEnvironment }));

        var writers = plan.Kubernetes.RoleBindings
            .Where(b => plan.Kubernetes.Roles.Any(r => r.Namespace == b.Namespace && r.Name == b.RoleRef.Name && r.Rules.Any(rule => rule.Verbs.Any(v => v is not ("get" or "list" or "watch")))))
            .SelectMany(b => b.Subjects.Select(s => $"system:serviceaccount:{s.Namespace ?? b.Namespace}:{s.Name}"))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.NotEmpty(writers);
        var policies = Registered(mocks, PolicyType).ToList();
        var bindings = Registered(mocks, BindingType).ToList();
        Assert.All(writers, user =>
        {
            var policy = Assert.Single(policies, p => p.Text("spec.failurePolicy") == "Fail"
                && p.Texts("spec.matchConstraints.resourceRules.0.resources").Contains("*/*")
                && p.Text("spec.matchConditions.0.expression") == $"request.userInfo.username == '{user}'");
            var name = policy.Text("metadata.name");
            Assert.Contains(bindings, b => b.Text("spec.policyName") == name && b.Texts("spec.validationActions").Contains("Deny") && b.At("spec.paramRef") is null);
        });
    }

    private static IEnumerable<RegisteredResource> Registered(EchoMocks mocks, string type) => mocks.Registered.Where(r => r.Type == type);

    private static IEnumerable<string> Strings(object value) => ((IEnumerable<object>)value).Cast<string>();
}
