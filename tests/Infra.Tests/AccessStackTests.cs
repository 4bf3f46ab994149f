using Infra.Access.Matrix;
using Infra.Testing;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;
using Pulumi.Kubernetes.Types.Inputs.Rbac.V1;
using Pulumi.Utilities;

namespace Infra.Tests;

[Collection(PulumiTests.Name)]
public sealed class AccessStackTests
{
    private static readonly string[] KubernetesAndVaultTypes =
    [
        "kubernetes:core/v1:ServiceAccount", "kubernetes:rbac.authorization.k8s.io/v1:Role", "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
        "kubernetes:networking.k8s.io/v1:NetworkPolicy", "vault:index/policy:Policy", "vault:jwt/authBackendRole:AuthBackendRole",
        "vault:kubernetes/secretBackendRole:SecretBackendRole", "vault:index/audit:Audit",
    ];

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task AccessStack_ForEachStack_ShouldRegisterTheKubernetesAndVaultPlanNameForName(string stack)
    {
        var plan = StackRun.Environment(stack).Plan;

        var (_, mocks) = await StackRun.Run<AccessStack>(stack, StackRun.Config($"stacks/{stack}.yaml"));

        var expected = plan.Kubernetes.ServiceAccounts.Select(d => $"kubernetes:core/v1:ServiceAccount {d.Namespace}/{d.Name}")
            .Concat(plan.Kubernetes.Roles.Select(d => $"kubernetes:rbac.authorization.k8s.io/v1:Role {d.Namespace}/{d.Name}"))
            .Concat(plan.Kubernetes.RoleBindings.Select(d => $"kubernetes:rbac.authorization.k8s.io/v1:RoleBinding {d.Namespace}/{d.Name}"))
            .Concat(plan.Kubernetes.NetworkPolicies.Select(d => $"kubernetes:networking.k8s.io/v1:NetworkPolicy {d.Namespace}/{d.Name}"))
            .Concat(plan.Vault.Policies.Select(d => $"vault:index/policy:Policy {d.Name}"))
            .Concat(plan.Vault.JwtRoles.Select(d => $"vault:jwt/authBackendRole:AuthBackendRole {d.Backend}/{d.Name}"))
            .Concat(plan.Vault.KubernetesSecretRoles.Select(d => $"vault:kubernetes/secretBackendRole:SecretBackendRole {d.Backend}/{d.Name}"))
            .Concat(plan.Vault.AuditDevices.Select(d => $"vault:index/audit:Audit {d.Path}"))
            .Order(StringComparer.Ordinal);
        var registered = mocks.Registered.Where(r => KubernetesAndVaultTypes.Contains(r.Type)).Select(r => r.Type switch
        {
            "vault:index/policy:Policy" => $"{r.Type} {r.Text("name")}",
            "vault:jwt/authBackendRole:AuthBackendRole" => $"{r.Type} {r.Text("backend")}/{r.Text("roleName")}",
            "vault:kubernetes/secretBackendRole:SecretBackendRole" => $"{r.Type} {r.Text("backend")}/{r.Text("name")}",
            "vault:index/audit:Audit" => $"{r.Type} {r.Text("path")}",
            _ => $"{r.Type} {r.KubernetesName}",
        }).Order(StringComparer.Ordinal);
        Assert.Equal(expected, registered);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    [Trait("Needs", "Pulumi.AzureNative")]
    public async Task AccessStack_ForEachStack_ShouldRegisterTheAzurePlanNameForName(string stack)
    {
        var azure = StackRun.Environment(stack).Plan.Azure;

        var (_, mocks) = await StackRun.Run<AccessStack>(stack, StackRun.Config($"stacks/{stack}.yaml"));

        string[] Names(string type, string key) => [.. mocks.Registered.Where(r => r.Type == type).Select(r => r.Text(key)!).Order(StringComparer.Ordinal)];
        Assert.Equal(azure.ManagedIdentities.Select(m => m.Name).Order(StringComparer.Ordinal), Names("azure-native:managedidentity:UserAssignedIdentity", "resourceName"));
        Assert.Equal(azure.FederatedCredentials.Select(c => c.Name).Order(StringComparer.Ordinal), Names("azure-native:managedidentity:FederatedIdentityCredential", "federatedIdentityCredentialResourceName"));
        Assert.Equal(azure.RoleDefinitions.Select(d => d.Id).Order(StringComparer.Ordinal), Names("azure-native:authorization:RoleDefinition", "roleDefinitionId"));
        Assert.Equal(azure.RoleAssignments.Select(a => a.Name).Order(StringComparer.Ordinal), Names("azure-native:authorization:RoleAssignment", "roleAssignmentName"));
        Assert.Equal(azure.RoleAssignments.Select(a => a.Condition).Order(StringComparer.Ordinal), Names("azure-native:authorization:RoleAssignment", "condition"));
        Assert.Equal([azure.AuditSink!.WorkspaceName], Names("azure-native:operationalinsights:Workspace", "workspaceName"));
        Assert.Equal([azure.AuditSink.DiagnosticSettingName], Names("azure-native:monitor:DiagnosticSetting", "name"));
        Assert.Equal(azure.AuditSink.ImmutableStorage is { } storage ? [storage.AccountName] : [], Names("azure-native:storage:StorageAccount", "accountName"));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task AccessStack_ForEachStack_ShouldRegisterNoWildcardInAnyInput(string stack)
    {
        var (_, mocks) = await StackRun.Run<AccessStack>(stack, StackRun.Config($"stacks/{stack}.yaml"));

        Assert.NotEmpty(mocks.Registered);
        Assert.Empty(Wildcards.In(mocks.Registered));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public async Task AccessStack_ForEachStack_ShouldTurnTokenAutomountOffOnEveryServiceAccount(string stack)
    {
        var (_, mocks) = await StackRun.Run<AccessStack>(stack, StackRun.Config($"stacks/{stack}.yaml"));

        var accounts = mocks.Registered.Where(r => r.Type == "kubernetes:core/v1:ServiceAccount").ToList();
        Assert.NotEmpty(accounts);
        Assert.All(accounts, a => Assert.Equal(false, a.At("automountServiceAccountToken")));
    }

    [Fact]
    public async Task AccessStack_ForStaging_ShouldOutputTheIdentitiesAndTheAccessMatrix()
    {
        var plan = StackRun.Environment("staging").Plan;

        var (resources, _) = await StackRun.Run<AccessStack>("staging", StackRun.Config("stacks/staging.yaml"));

        var stack = resources.OfType<AccessStack>().Single();
        var identities = await OutputUtilities.GetValueAsync(stack.Identities);
        Assert.Equal(plan.Identities.Select(i => i.Id), identities.Keys);
        Assert.Equal("payments-staging/ci-payments-api-deploy", identities["payments-api/deploy"]["serviceAccount"]);
        Assert.Equal("jwt-ci-staging/ci-payments-api-deploy", identities["payments-api/deploy"]["vaultRole"]);
        Assert.Equal("paused", identities["search-indexer/deploy"]["state"]);
        Assert.False(identities["search-indexer/deploy"].ContainsKey("vaultRole"));

        var matrix = await OutputUtilities.GetValueAsync(stack.AccessMatrix);
        var rows = AccessMatrix.Build(plan);
        Assert.Equal(rows.Length, matrix.Values.Sum(v => v.Length));
        Assert.Contains("kubernetes payments-staging apps/deployments:payments-api patch", matrix["payments-api/deploy"]);
        Assert.Contains("vault kv-staging kv-staging/data/payments/api read", matrix["payments-api/deploy"]);
        Assert.All(matrix.Values, lines => Assert.Equal(lines.Order(StringComparer.Ordinal), lines));
    }

    [Fact]
    public async Task AccessStack_WhenTheDefinitionHasAnError_ShouldRegisterNothingAndNameTheLocation()
    {
        var file = Path.Combine(Path.GetTempPath(), $"access-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"))
            .Replace("- read-logs:", "- read-everything:", StringComparison.Ordinal));
        try
        {
            var (error, mocks) = await StackRun.Fail<AccessStack>("staging", StackRun.Config(file));

            Assert.Contains("unknown capability 'read-everything'", error.Message, StringComparison.Ordinal);
            Assert.Matches(@"access-[0-9a-f]+\.yaml:\d+:\d+: error: pipelines\[0\]\.stages\[2\]", error.Message);
            Assert.Contains("nothing was registered", error.Message, StringComparison.Ordinal);
            Assert.Empty(mocks.Registered);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AccessStack_WhenStagingSharesANamespaceWithProd_ShouldRegisterNothingThoughOnlyStagingIsDeployed()
    {
        // A repository of its own: stacks/prod.yaml as shipped, stacks/staging.yaml claiming a prod namespace.
        var folder = Directory.CreateTempSubdirectory("access-stacks-").FullName;
        try
        {
            File.Copy(RepositoryRoot.File("stacks", "prod.yaml"), Path.Combine(folder, "prod.yaml"));
            var staging = Path.Combine(folder, "staging.yaml");
            await File.WriteAllTextAsync(staging, File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"))
                .Replace("namespaces: [payments-staging]", "namespaces: [payments-prod]", StringComparison.Ordinal));

            var (error, mocks) = await StackRun.Fail<AccessStack>("staging", StackRun.Config(staging, ("infra:environments", folder)));

            Assert.Contains("(ISO001)", error.Message, StringComparison.Ordinal);
            Assert.Contains("namespace payments-prod is also declared by environment 'prod'", error.Message, StringComparison.Ordinal);
            Assert.Empty(mocks.Registered);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task AccessStack_WhenAGuardrailReportsAnError_ShouldRegisterNothingAndListItsRuleId()
    {
        // Seen from 2026-06-01, every prod review-by date lies more than 6 months ahead: an error (LCY006).
        // (A passed review date, LCY002, only suspends the pipeline and warns: it never blocks the run.)
        var config = StackRun.Config("stacks/prod.yaml");
        config["infra:asOf"] = "2026-06-01";

        var (error, mocks) = await StackRun.Fail<AccessStack>("prod", config);

        Assert.Contains("guardrail error", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"\(LCY006\)", error.Message);
        Assert.Matches(@"stacks/prod\.yaml:\d+:\d+: error LCY006 review-date-too-far: payments-api", error.Message);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task AccessStack_WhenTheDefinitionIsMissing_ShouldFailNamingTheConfigKey()
    {
        var (error, mocks) = await StackRun.Fail<AccessStack>("staging", StackRun.Config("stacks/nowhere.yaml"));

        Assert.Contains("infra:definition", error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Theory]
    [InlineData("vault:address", "https://vault.prod.example.internal:8200", "vault.address")]
    [InlineData("azure-native:subscriptionId", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "subscription")]
    public async Task AccessStack_WhenAProviderPointsAtAnotherEnvironment_ShouldRegisterNothing(string key, string value, string message)
    {
        var (error, mocks) = await StackRun.Fail<AccessStack>("staging", StackRun.Config("stacks/staging.yaml", (key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task AccessStack_WhenTheProvidersMatchTheDefinition_ShouldRegister()
    {
        var (_, mocks) = await StackRun.Run<AccessStack>("staging", StackRun.Config("stacks/staging.yaml", ("vault:address", "https://vault.staging.example.internal:8200/")));

        Assert.NotEmpty(mocks.Registered);
    }

    [Fact]
    public async Task AccessStack_WhenAHandWrittenWildcardRoleSitsNextToTheComponents_ShouldRefuseIt()
    {
        var (error, mocks) = await StackRun.Fail<StackWithHandWrittenRole>("staging", StackRun.Config("stacks/staging.yaml"));

        Assert.Contains("wildcard grant refused", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("'ci-shortcut'", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(mocks.Registered, r => r.Name == "ci-shortcut");
        Assert.Contains(mocks.Registered, r => r.Type == "infra:access:EnvironmentAccess");
    }

    /// <summary>The program's components, and next to them a Role someone wrote by hand.</summary>
    private sealed class StackWithHandWrittenRole : Stack
    {
        public StackWithHandWrittenRole()
            : base(AccessStack.Options())
        {
            AccessStack.Register(StackRun.Environment("staging"));
            _ = new Pulumi.Kubernetes.Rbac.V1.Role("ci-shortcut", new RoleArgs
            {
                Metadata = new ObjectMetaArgs { Name = "ci-shortcut", Namespace = "payments-staging" },
                Rules = { new PolicyRuleArgs { ApiGroups = { "apps" }, Resources = { "*" }, Verbs = { "get", "patch" } } },
            });
        }
    }
}
