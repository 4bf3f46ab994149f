using System.Collections.Immutable;
using CsCheck;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// Generated definitions that follow the platform's policy (separate build, deploy and rotation
/// stages; approvers who do not maintain) plan to grants that pass every error rule, and a violation
/// injected into a random place of the plan is always caught by the rule that owns it.
/// </summary>
public sealed class GuardrailPropertyTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);
    private static readonly string[] EscalationVerbs = ["bind", "escalate", "impersonate"];
    // Every Kubernetes capability of the catalog, so a new one is generated without editing this file.
    private static readonly Capability[] KubernetesCapabilities =
        [.. CapabilityCatalog.All.Where(c => c.System == CapabilitySystem.Kubernetes)];

    private static readonly ImmutableArray<EnvironmentDefinition> Bases =
    [
        .. new[] { "prod", "staging" }.Select(n => DefinitionLoader.Load(File.ReadAllText(Path.Combine(RuleFixture.Root, "_base", n + ".yaml")), n + ".yaml").Definition!),
    ];

    private static Gen<EnvironmentDefinition> Definitions { get; } =
        Gen.Select(Gen.Int[0, 1], Gen.Int[1, 4].SelectMany(n => Gen.Int[0, 3].Array[1, 3].Array[n]), Gen.Int[0, 9].Array[4])
            .Select((baseIndex, shapes, states) =>
            {
                var env = Bases[baseIndex];
                var mount = env.Environment.Vault.SecretMounts[0];
                var pipelines = shapes.Select((stages, i) => Pipeline(env.File, mount, i, stages, states[i % states.Length], env.Environment.IsProduction)).ToImmutableArray();
                return env with { Pipelines = pipelines, Exceptions = [] };
            });

    [Fact]
    public void Definitions_WhenEveryShapeIsGenerated_ShouldUseEveryCapabilityOfTheCatalog()
    {
        var used = Enumerable.Range(0, KubernetesCapabilities.Length)
            .SelectMany(i => Pipeline("p.yaml", "kv", i, [0, 1, 2, 3], 0, production: false).Stages)
            .SelectMany(s => s.Capabilities)
            .Select(u => u.Capability.Name)
            .ToHashSet(StringComparer.Ordinal);

        var missing = CapabilityCatalog.All.Select(c => c.Name).Where(n => !used.Contains(n)).ToList();
        Assert.True(missing.Count == 0,
            $"tests/Infra.Access.Tests/Rules/GuardrailPropertyTests.cs: no generated stage shape (Pipeline) uses [{string.Join(", ", missing)}], so the property tests never plan it; add it to a shape that keeps the platform's policy");
    }

    [Fact]
    public void Check_WhenDefinitionIsGenerated_ShouldPlanNoWildcardNoEscalationAndPassEveryErrorRule()
    {
        Definitions.Sample(definition =>
        {
            var plan = Planner.Build(definition);
            var rules = plan.Kubernetes.Roles.SelectMany(r => r.Rules).ToList();
            Assert.DoesNotContain(rules, r => r.Verbs.Concat(r.Resources).Concat(r.ApiGroups).Concat(r.ResourceNames).Any(v => v.Contains('*', StringComparison.Ordinal)));
            Assert.DoesNotContain(rules, r => r.Verbs.Any(EscalationVerbs.Contains));
            var report = Guardrails.Check([definition], [plan], Today);
            Assert.True(!report.HasErrors, string.Join("\n", report.Findings.Select(f => $"{f.RuleId} {f.Subject}: {f.Message}")));
        }, iter: 300);
    }

    [Fact]
    public void Plan_WhenDefinitionIsGenerated_ShouldLeaveNoPipelineNamespaceWithoutDefaultDeny()
    {
        // Revocation removes grants, never isolation: active, paused and decommissioned alike.
        Definitions.Sample(definition =>
        {
            var plan = Planner.Build(definition);
            var denied = plan.Kubernetes.NetworkPolicies
                .Where(n => n.IsDefaultDeny && n.PolicyTypes.Contains("Ingress") && n.PolicyTypes.Contains("Egress"))
                .Select(n => n.Namespace)
                .ToHashSet(StringComparer.Ordinal);
            var namespaces = definition.Pipelines.SelectMany(p => p.Namespaces)
                .Append(definition.Environment.Cluster.RunnerNamespace).OfType<string>();
            Assert.All(namespaces, ns => Assert.Contains(ns, denied));
        }, iter: 300);
    }

    [Fact]
    public void Check_WhenViolationIsInjectedIntoThePlan_ShouldBeCaughtByTheMatchingRule()
    {
        var cases = Gen.Select(Definitions, Gen.Int[0, 5], Gen.Int[0, 1000], Gen.Int[0, 2])
            .Where(c => Injectable(Planner.Build(c.Item1), c.Item2));
        cases.Sample((definition, kind, pick, verb) =>
        {
            var (plan, rule, subject) = Inject(Planner.Build(definition), kind, pick, EscalationVerbs[verb]);
            var report = Guardrails.Check([definition], [plan], Today);
            Assert.Contains(report.Findings, f => f.RuleId == rule && f.Subject == subject && f.Severity == Severity.Error);
        }, iter: 300);
    }

    private static bool Injectable(Plan plan, int kind) => kind switch
    {
        0 or 1 => !plan.Kubernetes.Roles.IsEmpty,
        2 => !plan.Vault.Policies.IsEmpty,
        3 => !plan.Azure.RoleDefinitions.IsEmpty,
        4 => !plan.Kubernetes.ServiceAccounts.IsEmpty,
        _ => plan.Kubernetes.NetworkPolicies.Any(n => n.IsDefaultDeny && n.Owner.Pipeline is not null),
    };

    private static (Plan Plan, string Rule, string Subject) Inject(Plan plan, int kind, int pick, string verb)
    {
        switch (kind)
        {
            case 0 or 1:
            {
                var roleIndex = pick % plan.Kubernetes.Roles.Length;
                var role = plan.Kubernetes.Roles[roleIndex];
                var ruleIndex = pick / 7 % role.Rules.Length;
                var rule = role.Rules[ruleIndex];
                var changed = kind == 0 ? rule with { Verbs = rule.Verbs.Add("*") } : rule with { Verbs = rule.Verbs.Add(verb) };
                var roles = plan.Kubernetes.Roles.SetItem(roleIndex, role with { Rules = role.Rules.SetItem(ruleIndex, changed) });
                return (plan with { Kubernetes = plan.Kubernetes with { Roles = roles } }, kind == 0 ? "K8S001" : "K8S002", role.Owner.Subject);
            }

            case 2:
            {
                var index = pick % plan.Vault.Policies.Length;
                var policy = plan.Vault.Policies[index];
                var path = policy.Paths[pick / 7 % policy.Paths.Length];
                var globbed = policy with { Paths = policy.Paths.Replace(path, path with { Path = path.Path + "/*" }) };
                return (plan with { Vault = plan.Vault with { Policies = plan.Vault.Policies.SetItem(index, globbed) } }, "VLT001", policy.Owner.Subject);
            }

            case 3:
            {
                var index = pick % plan.Azure.RoleDefinitions.Length;
                var role = plan.Azure.RoleDefinitions[index];
                var widened = role with { DataActions = role.DataActions.Add("Microsoft.ContainerRegistry/registries/*") };
                return (plan with { Azure = plan.Azure with { RoleDefinitions = plan.Azure.RoleDefinitions.SetItem(index, widened) } }, "AZR001", role.RoleName);
            }

            case 5:
            {
                // Any pipeline's default deny, whatever the pipeline's state: dropping it must never pass.
                var denies = plan.Kubernetes.NetworkPolicies.Where(n => n.IsDefaultDeny && n.Owner.Pipeline is not null).ToList();
                var dropped = denies[pick % denies.Count];
                var policies = plan.Kubernetes.NetworkPolicies.Remove(dropped);
                return (plan with { Kubernetes = plan.Kubernetes with { NetworkPolicies = policies } }, "K8S012", dropped.Owner.Subject);
            }

            default:
            {
                var index = pick % plan.Kubernetes.ServiceAccounts.Length;
                var account = plan.Kubernetes.ServiceAccounts[index];
                var accounts = plan.Kubernetes.ServiceAccounts.SetItem(index, account with { AutomountServiceAccountToken = true });
                return (plan with { Kubernetes = plan.Kubernetes with { ServiceAccounts = accounts } }, "K8S010", account.Owner.Subject);
            }
        }
    }

    /// <summary>Stage shapes: 0 deploys (Kubernetes capabilities, maybe a secret read), 1 builds (registry), 2 rotates secrets, 3 observes.</summary>
    private static Pipeline Pipeline(string file, string mount, int i, int[] shapes, int state, bool production)
    {
        var name = $"p{i}";
        var ns = $"{name}-ns";
        var line = 10 + (i * 40);
        SourceLocation At(int offset) => new(file, line + offset, 5);
        var stages = shapes.Select((shape, j) =>
        {
            var uses = new List<CapabilityUse>();
            var objects = ImmutableArray.Create($"{name}-obj{j}");
            var secret = ImmutableArray.Create($"{mount}/data/{name}/s{j}");
            switch (shape)
            {
                case 0:
                    uses.AddRange(KubernetesCapabilities.Where((_, k) => (i + j + k) % 3 == 0 || k == (i + j) % KubernetesCapabilities.Length)
                        .Select(c => new CapabilityUse(c, ns, c.Objects is null ? [] : objects, At(j + 1))));
                    if ((i + j) % 2 == 0)
                    {
                        uses.Add(new CapabilityUse(CapabilityCatalog.ReadSecret, null, secret, At(j + 2)));
                    }

                    break;
                case 1:
                    uses.Add(new CapabilityUse(CapabilityCatalog.PushImage, null, [$"{name}/image{j}"], At(j + 1)));
                    if (j % 2 == 1)
                    {
                        uses.Add(new CapabilityUse(CapabilityCatalog.PullImage, null, [$"{name}/base{j}"], At(j + 2)));
                    }

                    break;
                case 2:
                    uses.Add(new CapabilityUse(CapabilityCatalog.ReadSecret, null, secret, At(j + 1)));
                    uses.Add(new CapabilityUse(CapabilityCatalog.WriteSecret, null, secret, At(j + 2)));
                    break;
                default:
                    uses.Add(new CapabilityUse(CapabilityCatalog.ReadStatus, ns, [], At(j + 1)));
                    break;
            }

            // Stages of a pipeline with a ref pin their workflow (SOD005, SOD006); a pipeline without one has a single stage.
            return new Stage($"s{j}", [.. uses], j % 2 == 0 ? null : TimeSpan.FromMinutes(5), j % 3 == 2, At(j),
                MainRef(i, shapes.Length, production) is null ? null : $".github/workflows/s{j}.yml");
        }).ToImmutableArray();
        return new Pipeline(name, "team", $"example-org/{name}", MainRef(i, shapes.Length, production), [ns],
            state < 7 ? PipelineState.Active : state < 9 ? PipelineState.Paused : PipelineState.Decommissioned,
            Today.AddMonths(3), [$"maintainer{i}"], [$"approver{i}"], NetworkSettings.None, stages, At(0));
    }

    /// <summary>Production pins every pipeline's ref (SOD006); elsewhere single-stage pipelines sometimes leave it open.</summary>
    private static string? MainRef(int i, int stages, bool production) => production || i % 2 == 0 || stages > 1 ? "refs/heads/main" : null;
}
