using Infra.Components;
using Infra.Testing;
using Pulumi;
using Pulumi.Utilities;

namespace Infra.Components.Tests;

[Collection(PulumiTests.Name)]
public sealed class PipelineAccessTests
{
    /// <summary>payments-api exactly as stacks/staging.yaml declares it, in C#.</summary>
    private static PipelineAccessArgs PaymentsApi(Action<PipelineAccessArgs>? change = null, CapabilityArgs? extra = null, string? environment = null,
        string? podSecurityLevel = null, string? podSecurityReason = null)
    {
        var args = new PipelineAccessArgs
        {
            EnvironmentDefinition = environment ?? ComponentRun.StackText("staging"),
            EnvironmentFile = "stacks/staging.yaml",
            Team = "payments",
            Repository = "example-org/payments-api",
            Ref = "refs/heads/main",
            Namespaces = { "payments-staging" },
            ReviewBy = new DateOnly(2027, 3, 31),
            Maintainers = { "alice-payments", "bob-payments" },
            Approvers = { "carol-release" },
            Ingress = { new NetworkFlowArgs { Namespace = "ingress-nginx-staging", Ports = { 8080 } } },
            Egress = { new NetworkFlowArgs { Cidr = "10.40.32.0/24", Ports = { 5432 } } },
            PodSecurityLevel = podSecurityLevel,
            PodSecurityReason = podSecurityReason,
            Stages =
            {
                new StageArgs { Name = "build", Workflow = ".github/workflows/build.yml", Capabilities = { new CapabilityArgs("push-image") { Objects = { "payments/api" } } } },
                new StageArgs
                {
                    Name = "deploy",
                    Workflow = ".github/workflows/deploy.yml",
                    Capabilities =
                    {
                        new CapabilityArgs("deploy") { Objects = { "payments-api" } },
                        new CapabilityArgs("configure") { Objects = { "payments-api-config" } },
                        new CapabilityArgs("read-secret") { Objects = { "kv-staging/data/payments/api" } },
                    },
                },
                new StageArgs { Name = "verify", Workflow = ".github/workflows/verify.yml", TokenTtl = TimeSpan.FromMinutes(10), Capabilities = { new CapabilityArgs("read-status"), new CapabilityArgs("read-logs") } },
            },
            AsOf = ComponentRun.AsOf,
        };
        if (extra is not null)
        {
            args.Stages[1].Capabilities.Add(extra);
        }

        change?.Invoke(args);
        return args;
    }

    [Fact]
    public async Task PipelineAccess_WhenArgsMatchTheYamlEntry_ShouldRegisterWhatTheYamlPathRegistersForThatPipeline()
    {
        var (_, fromYaml) = await ComponentRun.Declare(() => _ = new EnvironmentAccess("staging", new EnvironmentAccessArgs { Environment = ComponentRun.Stack("staging") }));
        var (_, fromArgs) = await ComponentRun.Declare(() => _ = new PipelineAccess("payments-api", PaymentsApi()));

        // The pipeline's objects name it; the label patch of its namespace names the namespace only.
        var expected = fromYaml.Registered.Where(r => !r.IsComponent && (r.AllStrings().Any(s => s.Value.Contains("payments-api", StringComparison.Ordinal))
                || (r.Type == "kubernetes:core/v1:NamespacePatch" && r.Text("metadata.name") == "payments-staging")))
            .Select(Describe).Order(StringComparer.Ordinal).ToList();
        var actual = fromArgs.Registered.Where(r => !r.IsComponent).Select(Describe).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task PipelineAccess_WhenDeclaredFromArgs_ShouldOutputItsServiceAccountsAndVaultRoles()
    {
        PipelineAccess? access = null;
        await ComponentRun.Declare(() => access = new PipelineAccess("payments-api", PaymentsApi()));

        Assert.Equal(["payments-staging/ci-payments-api-deploy", "payments-staging/ci-payments-api-verify"], (await OutputUtilities.GetValueAsync(access!.ServiceAccounts)).ToArray());
        Assert.Equal(["jwt-ci-staging/ci-payments-api-deploy", "jwt-ci-staging/ci-payments-api-verify"], (await OutputUtilities.GetValueAsync(access.VaultRoles)).ToArray());
        Assert.Equal(["payments-staging"], (await OutputUtilities.GetValueAsync(access.Namespaces)).ToArray());
    }

    [Fact]
    public async Task PipelineAccess_WhenArgsLowerThePodSecurityLevel_ShouldPatchTheNamespaceWithTheLevelAndReason()
    {
        var (_, mocks) = await ComponentRun.Declare(() => _ = new PipelineAccess("payments-api",
            PaymentsApi(podSecurityLevel: "baseline", podSecurityReason: "the image runs nginx as root on port 80")));

        var patch = Assert.Single(mocks.Registered, r => r.Type == "kubernetes:core/v1:NamespacePatch");
        Assert.Equal("payments-staging", patch.Text("metadata.name"));
        // Label and annotation keys hold dots, so they are read from their maps, not by path.
        Assert.Equal("baseline", ((IReadOnlyDictionary<string, object>)patch.At("metadata.labels")!)["pod-security.kubernetes.io/enforce"]);
        Assert.Equal("the image runs nginx as root on port 80", ((IReadOnlyDictionary<string, object>)patch.At("metadata.annotations")!)["access.infra/pod-security-reason"]);
    }

    [Theory]
    [InlineData("baseline", null, "pipelines[0].podSecurity.reason", "required key is missing")]
    [InlineData("root", "the image runs nginx as root on port 80", "pipelines[0].podSecurity.level", "'root' is not one of: baseline, privileged")]
    public async Task PipelineAccess_WhenThePodSecurityArgsAreInvalid_ShouldRegisterNothingAndNameTheField(string level, string? reason, string field, string message)
    {
        var mocks = new EchoMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions(),
            () => _ = new PipelineAccess("payments-api", PaymentsApi(podSecurityLevel: level, podSecurityReason: reason))));

        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Theory]
    [InlineData("deploy-everything", "unknown capability 'deploy-everything'")]
    [InlineData("read-secret", "is outside the configured secret mounts")]
    public async Task PipelineAccess_WhenArgsAreInvalid_ShouldRegisterNothingAndNameTheField(string capability, string message)
    {
        var mocks = new EchoMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions(),
            () => _ = new PipelineAccess("payments-api", PaymentsApi(extra: new CapabilityArgs(capability) { Objects = { "kv-prod/data/payments/api" } }))));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("pipelines[0].stages[1].capabilities[3]", error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task PipelineAccess_WhenArgsBreakAGuardrail_ShouldRegisterNothingAndNameTheRule()
    {
        var mocks = new EchoMocks();

        // A stage that deploys may not also push images (SOD002): one stolen token could do both.
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions(),
            () => _ = new PipelineAccess("payments-api", PaymentsApi(extra: new CapabilityArgs("push-image") { Objects = { "payments/api" } }))));

        Assert.Contains("SOD002", error.Message, StringComparison.Ordinal);
        Assert.Contains("payments-api/deploy", error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task PipelineAccess_WhenNoNamespaceIsGiven_ShouldRegisterNothingAndNameTheField()
    {
        var mocks = new EchoMocks();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions(),
            () => _ = new PipelineAccess("payments-api", PaymentsApi(args => args.Namespaces.Clear()))));

        Assert.Contains("pipelines[0].namespaces", error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    [Fact]
    public async Task PipelineAccess_WhenTheEnvironmentDefinitionIsInvalid_ShouldRegisterNothingAndPointIntoThatFile()
    {
        var mocks = new EchoMocks();
        var broken = ComponentRun.StackText("staging").Replace("tier: non-production", "tier: nonprod", StringComparison.Ordinal);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync(mocks, new Pulumi.Testing.TestOptions(),
            () => _ = new PipelineAccess("payments-api", PaymentsApi(args => { }, environment: broken))));

        Assert.Contains("stacks/staging.yaml:6:", error.Message, StringComparison.Ordinal);
        Assert.Contains("environment.tier", error.Message, StringComparison.Ordinal);
        Assert.Empty(mocks.Registered);
    }

    private static string Describe(RegisteredResource resource) =>
        $"{resource.Type} {resource.Name} " + string.Join(";", resource.AllStrings().Select(s => $"{s.Path}={s.Value}"))
        + " " + string.Join(";", Numbers(resource.Inputs, ""));

    private static IEnumerable<string> Numbers(object? value, string path) => value switch
    {
        double or bool => [$"{path}={value}"],
        IReadOnlyDictionary<string, object> map => map.OrderBy(e => e.Key, StringComparer.Ordinal).SelectMany(e => Numbers(e.Value, $"{path}.{e.Key}")),
        IEnumerable<object> items when value is not string => items.SelectMany((item, i) => Numbers(item, $"{path}[{i}]")),
        _ => [],
    };
}
