using System.Collections.Immutable;
using CsCheck;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Infra.Access.Synthetic;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// Issue 11, class 1, as properties: whatever catalog is generated, no plan grants a Vault path
/// outside the stage's own declared secret paths and its own creds/ role; and a foreign path put into
/// any policy (another stage's creds, the engine's roles/ or config, a KV endpoint, a reserved
/// segment, another mount) is caught by a non-waivable Vault rule naming that stage.
/// </summary>
public sealed class VaultPropertyTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static Gen<EnvironmentDefinition> Catalogs { get; } =
        Gen.Select(Gen.Int[1, 40], Gen.Int[0, 100_000], Gen.Bool).Select((pipelines, seed, production) =>
        {
            var result = DefinitionLoader.Load(CatalogGenerator.Generate(new CatalogOptions(pipelines, seed, production)), "synthetic.yaml");
            Assert.True(result.Succeeded, string.Join("\n", result.Errors));
            return result.Definition!;
        });

    [Fact]
    public void Plan_WhenCatalogIsGenerated_ShouldGrantOnlyTheStagesOwnPathsAndOwnCredsRole()
    {
        Catalogs.Sample(definition =>
        {
            var plan = Planner.Build(definition);
            var vault = definition.Environment.Vault;
            foreach (var policy in plan.Vault.Policies)
            {
                var pipeline = definition.Pipelines.Single(p => p.Name == policy.Owner.Pipeline);
                var stage = pipeline.Stages.Single(s => s.Name == policy.Owner.Stage);
                var allowed = stage.Capabilities.Where(c => c.Capability.System == CapabilitySystem.Vault).SelectMany(c => c.Objects).ToHashSet(StringComparer.Ordinal);
                if (stage.Capabilities.Any(c => c.Capability.System == CapabilitySystem.Kubernetes))
                {
                    allowed.Add(VaultTopology.CredsPath(vault.KubernetesSecretsPath, Planner.StageName(pipeline, stage)));
                }

                Assert.All(policy.Paths, p => Assert.Contains(p.Path, allowed));
                Assert.All(policy.Paths.Where(p => VaultTopology.IsUnder(p.Path, vault.KubernetesSecretsPath)), p => Assert.True(p.Capabilities is ["update"], p.Path));
                Assert.All(policy.Paths.Where(p => !VaultTopology.IsUnder(p.Path, vault.KubernetesSecretsPath)), p =>
                {
                    var mount = vault.SecretMountOf(p.Path);
                    Assert.NotNull(mount);
                    Assert.Null(VaultTopology.SecretPathProblem(p.Path, mount, vault.VersionOf(mount)));
                    Assert.Null(VaultTopology.ReservedSegment(p.Path));
                });
            }
        }, iter: 40);
    }

    [Fact]
    public void Check_WhenForeignVaultPathIsInjected_ShouldBeCaughtForThatStage()
    {
        var cases = Gen.Select(Catalogs, Gen.Int[0, 1000], Gen.Int[0, Foreign.Length - 1], Gen.Int[0, 1000])
            .Where(c => !Planner.Build(c.Item1).Vault.Policies.IsEmpty);
        cases.Sample((definition, pick, kind, other) =>
        {
            var plan = Planner.Build(definition);
            var policy = plan.Vault.Policies[pick % plan.Vault.Policies.Length];
            var otherPolicy = plan.Vault.Policies[other % plan.Vault.Policies.Length];
            var vault = definition.Environment.Vault;
            var (path, rules) = Foreign[kind](vault, otherPolicy);
            if (policy.Paths.Any(p => p.Path == path))
            {
                return; // the stage's own path: nothing foreign was injected
            }

            var edited = plan with { Vault = plan.Vault with { Policies = plan.Vault.Policies.Replace(policy, policy with { Paths = policy.Paths.Add(new VaultPathRule(path, ["update"])) }) } };
            var report = Guardrails.Check([definition], [edited], Today);
            Assert.Contains(report.Findings, f => rules.Contains(f.RuleId) && f.Subject == policy.Owner.Subject && f.Severity == Severity.Error);
        }, iter: 200);
    }

    private static readonly Func<VaultSettings, VaultPolicyDeclaration, (string Path, string[] Rules)>[] Foreign =
    [
        (v, other) => (VaultTopology.CredsPath(v.KubernetesSecretsPath, Names.Derive(Names.KubernetesMax, "ci", other.Owner.Pipeline!, other.Owner.Stage!) + "-x"), ["VLT013"]),
        (v, other) => (other.Paths[0].Path, ["VLT013", "VLT014"]),
        (v, other) => (other.Paths[^1].Path, ["VLT013", "VLT014"]),
        (v, _) => ($"{v.KubernetesSecretsPath}/roles/x", ["VLT013"]),
        (v, _) => ($"{v.KubernetesSecretsPath}/config", ["VLT013"]),
        (v, _) => ($"/{v.KubernetesSecretsPath}//creds/x", ["VLT013"]),
        (v, _) => ($"{v.SecretMounts[0]}/metadata/x", ["VLT014"]),
        (v, _) => ($"{v.SecretMounts[0]}/destroy/x", ["VLT014"]),
        (v, _) => ($"{v.SecretMounts[0]}/config", ["VLT014"]),
        (v, _) => ($"{v.SecretMounts[0]}-other/data/x", ["VLT014"]),
        (v, _) => ($"{v.JwtAuthPath}/role/x", ["VLT014"]),
        (v, _) => ($"ns1/sys/policies/acl/x", ["VLT003"]),
        (v, _) => ($"{v.SecretMounts[0]}/data/cubbyhole", ["VLT003"]),
    ];
}
