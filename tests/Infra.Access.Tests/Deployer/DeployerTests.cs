using System.Collections.Immutable;
using Infra.Access.Deployer;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Queries;
using Infra.Access.Rendering;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Rules;
using Infra.Testing;
using YamlDotNet.RepresentationModel;
using Tier = Infra.Access.Definition.Tier;

namespace Infra.Access.Tests.Deployer;

/// <summary>
/// Issue 17: the identity behind <c>pulumi up</c> holds exactly what registering the plan takes.
/// The coverage is checked here by an RBAC reading of its own (not <see cref="DeployerCoverage"/>):
/// every object the plan renders can be created, read, patched and deleted, every Role it writes is
/// within what the deployer holds (RBAC escalation prevention), and every rule the deployer holds is
/// accounted for by a planned object.
/// </summary>
public sealed class DeployerTests
{
    private static readonly string[] NamedVerbs = ["get", "patch", "delete"];

    private const string TeamDeployers = "  tokenTtlCeiling: 15m\n  teamDeployers: [payments]\n";

    public static TheoryData<string, bool> Stacks() => new() { { "staging", false }, { "prod", false }, { "staging", true }, { "prod", true } };

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Coverage_WhenAStackIsPlanned_ShouldBeExactForEveryDeployer(string stack, bool teams)
    {
        var (plan, subscription) = Plan(stack, teams);

        Assert.Equal(teams ? 2 : 1, plan.Deployers.Length);
        foreach (var deployer in plan.Deployers)
        {
            var gap = DeployerCoverage.Compare(plan, subscription, deployer);
            Assert.True(gap.Exact, $"{deployer.Id}: missing {string.Join("; ", gap.Missing)}; beyond {string.Join("; ", gap.Beyond)}");
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Kubernetes_WhenRenderedObjectsAreRegistered_ShouldEachBeCreatableReadablePatchableAndDeletable(string stack, bool teams)
    {
        var (plan, _) = Plan(stack, teams);

        foreach (var obj in Rendered(plan))
        {
            var deployer = OwnerOf(plan, obj);
            if (obj.Kind != "Namespace")
            {
                Assert.True(deployer.Allows(obj.Namespace, obj.Group, obj.Resource, null, "create"), $"{deployer.Id} cannot create {obj}");
            }

            foreach (var verb in NamedVerbs.Where(v => obj.Kind != "Namespace" || v != "delete"))
            {
                Assert.True(deployer.Allows(obj.Namespace, obj.Group, obj.Resource, obj.Name, verb), $"{deployer.Id} cannot {verb} {obj}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Kubernetes_WhenARoleIsWritten_ShouldHoldEveryPermissionOfItSoNoEscalateIsNeeded(string stack, bool teams)
    {
        var (plan, _) = Plan(stack, teams);

        foreach (var role in plan.Kubernetes.Roles)
        {
            var deployer = plan.Deployers.Single(d => DeployerPlanner.Owns(d, role.Owner.Pipeline));
            foreach (var p in PlannedObjects.Expand(role.Namespace, role.Rules))
            {
                Assert.True(deployer.Allows(role.Namespace, p.ApiGroup, p.Resource, p.Name.Length == 0 ? null : p.Name, p.Verb), $"{deployer.Id} cannot write Role {role.Namespace}/{role.Name}: lacks {p}");
            }
        }

        Assert.DoesNotContain(plan.Deployers.SelectMany(d => d.KubernetesRoles).SelectMany(r => r.Rules), r => r.Verbs.Contains("escalate") || r.Verbs.Contains("*"));
    }

    [Theory]
    [MemberData(nameof(Stacks))]
    public void Kubernetes_WhenTheDeployersRulesAreRead_ShouldHoldNothingNoPlannedObjectAccountsFor(string stack, bool teams)
    {
        var (plan, _) = Plan(stack, teams);
        var objects = Rendered(plan).ToList();

        foreach (var deployer in plan.Deployers)
        {
            foreach (var role in deployer.KubernetesRoles)
            {
                var ns = role.Kind == "ClusterRole" ? null : role.Namespace;
                foreach (var p in PlannedObjects.Expand(role.Namespace, role.Rules))
                {
                    var name = p.Name.Length == 0 ? null : p.Name;
                    var managed = objects.Any(o => o.Namespace == ns && o.Group == p.ApiGroup && o.Resource == p.Resource && OwnerOf(plan, o) == deployer
                        && (p.Verb == "create" ? name is null : name == o.Name && p.Verb is "get" or "patch" or "delete"));
                    var bind = p.Verb == "bind" && p.Resource == "roles" && plan.Kubernetes.Roles.Any(r => r.Namespace == ns && r.Name == name);
                    var granted = plan.Kubernetes.Roles.Where(r => r.Namespace == ns && DeployerPlanner.Owns(deployer, r.Owner.Pipeline))
                        .Any(r => PlannedObjects.Expand(r.Namespace, r.Rules).Contains(p));
                    // A team reads, by name, the platform's admission objects that judge its own pipelines.
                    var guard = deployer.Team is not null && p.Verb == "get" && objects.Any(o => o.Namespace is null && o.Group == PlannedObjects.AdmissionGroup
                        && o.Resource == p.Resource && o.Name == name && DeployerPlanner.Owns(deployer, plan.Admission.Policies.Single(a => a.Name == o.Name || a.Bindings.Any(b => b.Name == o.Name)).Owner.Pipeline));
                    Assert.True(managed || bind || granted || guard, $"{deployer.Id} holds {DeployerCoverage.Describe(p)}, which no planned object needs");
                }
            }
        }
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void PlannedObjects_WhenComparedWithTheRenderer_ShouldListEveryRenderedObject(string stack)
    {
        var (plan, _) = Plan(stack, teams: false);

        var planned = PlannedObjects.Kubernetes(plan).Select(o => (o.ApiGroup, o.Resource, o.Namespace, o.Name)).Order().ToList();
        var rendered = Rendered(plan).Select(o => (o.Group, o.Resource, o.Namespace, o.Name)).Order().ToList();

        // A kind the renderer (and so the Pulumi layer) gains must reach the deployer's object list.
        Assert.Equal(rendered, planned);
    }

    [Fact]
    public void TeamDeployer_WhenPaymentsDeploysItself_ShouldSplitThePlatformsRightsWithoutOverlap()
    {
        var (alone, subscription) = Plan("prod", teams: false);
        var (split, _) = Plan("prod", teams: true);
        var team = split.Deployers.Single(d => d.Team == "payments");
        var platform = split.Deployers.Single(d => d.Team is null);

        Assert.Equal("deployer:payments", team.Id);
        Assert.Equal(["ledger-migrations", "payments-api"], team.Pipelines.AsEnumerable());
        Assert.Equal(["ledger-prod", "payments-prod"], team.KubernetesRoles.Where(r => r.Kind == "Role").Select(r => r.Namespace));
        // Cluster-wide, a team deployer only labels its own namespaces (Pod Security), by name, and
        // reads (never writes) the admission policies and bindings that judge its own pipelines.
        var teamCluster = team.KubernetesRoles.Where(r => r.Kind == "ClusterRole").SelectMany(r => r.Rules).ToList();
        var guards = split.Admission.Policies.Where(p => team.Pipelines.Contains(p.Owner.Pipeline!))
            .SelectMany(p => p.Bindings.Select(b => b.Name).Prepend(p.Name)).ToList();
        Assert.NotEmpty(guards);
        Assert.All(teamCluster.Where(r => r.Resources.Contains("namespaces")), r => Assert.Equal(["namespaces"], r.Resources.AsEnumerable()));
        Assert.All(teamCluster.Where(r => r.Resources.Contains("namespaces")), r => Assert.Subset(new HashSet<string>(["ledger-prod", "payments-prod"]), r.ResourceNames.ToHashSet()));
        var admission = teamCluster.Where(r => !r.Resources.Contains("namespaces")).ToList();
        Assert.All(admission, r => Assert.Equal([PlannedObjects.AdmissionGroup], r.ApiGroups.AsEnumerable()));
        Assert.All(admission, r => Assert.Equal(["get"], r.Verbs.AsEnumerable()));
        Assert.Equal(guards.Order(StringComparer.Ordinal), admission.SelectMany(r => r.ResourceNames).Order(StringComparer.Ordinal));
        Assert.Empty(team.AzureRoles);
        Assert.DoesNotContain(team.VaultPolicy.Paths, p => p.Path.StartsWith("sys/audit", StringComparison.Ordinal));
        Assert.DoesNotContain(platform.KubernetesRoles, r => r.Namespace is "ledger-prod" or "payments-prod");
        Assert.DoesNotContain(platform.Pipelines, p => team.Pipelines.Contains(p));

        // The two together hold exactly what the platform alone held, and the team's reads of its guards.
        var together = split.Deployers.SelectMany(d => Permissions(d).Where(p => d.Team is null || p.ApiGroup != PlannedObjects.AdmissionGroup))
            .Select(DeployerCoverage.Describe).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Permissions(alone.Deployers.Single()).Select(DeployerCoverage.Describe).Order(StringComparer.Ordinal).ToList(), together);
        Assert.True(DeployerCoverage.Compare(split, subscription, team).Exact);
    }

    [Fact]
    public void TeamDeployers_WhenATeamOwnsNoPipeline_ShouldHoldNothing()
    {
        // A team program loads the platform's environment section with its own pipeline only, so a
        // team listed there without a pipeline in this file is no error: its deployer holds nothing.
        var text = Definitions.Read("stacks", "prod.yaml").Replace("  tokenTtlCeiling: 15m\n", "  tokenTtlCeiling: 15m\n  teamDeployers: [nobody]\n", StringComparison.Ordinal);

        var result = DefinitionLoader.Load(text, "stacks/prod.yaml");

        Assert.Empty(result.Errors);
        var nobody = Planner.Build(result.Definition!).Deployers.Single(d => d.Team == "nobody");
        Assert.Empty(nobody.Pipelines);
        Assert.Empty(nobody.KubernetesRoles);
        Assert.Empty(nobody.VaultPolicy.Paths);
        Assert.Empty(nobody.AzureRoles);
    }

    [Fact]
    public void AssignmentCondition_WhenRendered_ShouldReadAsAzuresDelegationCondition()
    {
        var condition = DeployerPlanner.AssignmentCondition(["11111111-1111-1111-1111-111111111111", "22222222-2222-2222-2222-222222222222"]);

        Assert.Equal(
            "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR "
            + "(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {11111111-1111-1111-1111-111111111111, 22222222-2222-2222-2222-222222222222} AND "
            + "@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})) AND "
            + "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR "
            + "(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {11111111-1111-1111-1111-111111111111, 22222222-2222-2222-2222-222222222222} AND "
            + "@Resource[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))",
            condition);
    }

    [Fact]
    public void Azure_WhenProdIsPlanned_ShouldAssignOnlyThePlansRoleDefinitionsOnTheRegistry()
    {
        var (plan, _) = Plan("prod", teams: false);
        var roles = plan.Deployers.Single().AzureRoles;

        var assigning = Assert.Single(roles, r => r.Definition.Actions.Contains("Microsoft.Authorization/roleAssignments/write"));
        var planned = plan.Azure.RoleAssignments.Select(a => a.RoleDefinitionId[(a.RoleDefinitionId.LastIndexOf('/') + 1)..]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(planned, assigning.AssignableRoleDefinitionIds.AsEnumerable());
        Assert.Equal(plan.Azure.RoleAssignments[0].Scope, assigning.Scope);
        Assert.All(roles, r => Assert.Equal([r.Scope], r.Definition.AssignableScopes.AsEnumerable()));
        Assert.All(roles.Where(r => r != assigning), r => Assert.Null(r.Condition));
        Assert.DoesNotContain(roles.SelectMany(r => r.Definition.Actions), a => a.EndsWith("/delete", StringComparison.Ordinal) && (a.Contains("workspaces", StringComparison.Ordinal) || a.Contains("storageAccounts", StringComparison.Ordinal) || a.Contains("diagnosticSettings", StringComparison.Ordinal)));
    }

    [Fact]
    public void Vault_WhenProdIsPlanned_ShouldListExactObjectPathsAndSudoOnlyOnAudit()
    {
        var (plan, _) = Plan("prod", teams: false);
        var policy = plan.Deployers.Single().VaultPolicy;

        Assert.DoesNotContain(policy.Paths, p => p.Path.Contains('*', StringComparison.Ordinal) || p.Path.Contains('+', StringComparison.Ordinal));
        Assert.Equal(["sys/audit", "sys/audit/file-primary", "sys/audit/socket-siem"], policy.Paths.Where(p => p.Capabilities.Contains("sudo")).Select(p => p.Path));
        Assert.DoesNotContain(policy.Paths, p => p.Path.StartsWith("sys/audit", StringComparison.Ordinal) && p.Capabilities.Contains("delete"));
        Assert.Contains(policy.Paths, p => p.Path == "sys/policies/acl/ci-prod-payments-api-deploy" && p.Capabilities.SequenceEqual(["create", "delete", "read", "update"]));
        Assert.Contains(policy.Paths, p => p.Path == "auth/jwt-ci-prod/role/ci-payments-api-deploy");
        Assert.Contains(policy.Paths, p => p.Path == "kubernetes-aks-prod/roles/ci-payments-api-deploy");
    }

    [Theory]
    [InlineData(Tier.Production, true)]
    [InlineData(Tier.NonProduction, false)]
    public void Diff_WhenOnlyTheDeployerWidens_ShouldBeProductionGrowthInProductionOnly(Tier tier, bool grows)
    {
        var (plan, _) = Plan("prod", teams: false);
        var before = plan with { Tier = tier };
        var after = PlanMutations.Apply(before, new Dictionary<string, string>
        {
            ["op"] = "deployer-add-rule", ["namespace"] = "payments-prod", ["resources"] = "secrets", ["verbs"] = "get",
        });

        var environment = AccessDiffer.Compare(before, after, [], []);

        var identity = Assert.Single(environment.Identities);
        Assert.Equal("deployer", identity.Identity);
        Assert.Equal(["+ payments-prod core/secrets get"], identity.Changes.Select(c => $"{(c.Change == Change.Gained ? "+" : "-")} {c.Scope} {c.Resource} {c.Action}"));
        Assert.Contains(Risk.Secret, identity.Changes[0].Risks);
        Assert.True(environment.AccessChanged);
        // The widening decision: a deployer gaining a right in production is production growth (exit 3), like any identity.
        Assert.Equal(grows, environment.ProductionAccessGrows);
        // Narrowing it back is never growth.
        Assert.False(AccessDiffer.Compare(after, before, [], []).ProductionAccessGrows);
    }

    [Fact]
    public void Diff_WhenProductionAddsAnAuditDevice_ShouldShowTheDeployerGainingSudoOnIt()
    {
        var text = Definitions.Read("stacks", "prod.yaml");
        var head = text.Replace("      - path: socket-siem\n", "      - path: file-secondary\n        type: file\n        options:\n          file_path: /vault/audit/secondary.log\n      - path: socket-siem\n", StringComparison.Ordinal);
        var before = Planner.Build(DefinitionLoader.Load(text, "stacks/prod.yaml").Definition!);
        var after = Planner.Build(DefinitionLoader.Load(head, "stacks/prod.yaml").Definition!);

        var environment = AccessDiffer.Compare(before, after, [], []);

        var identity = Assert.Single(environment.Identities);
        Assert.Equal("deployer", identity.Identity);
        Assert.Contains(identity.Changes, c => c.Resource == "sys/audit/file-secondary" && c.Action == "sudo" && c.Change == Change.Gained);
        Assert.True(environment.ProductionAccessGrows);
    }

    [Fact]
    public void Explain_WhenTheDeployerIsAsked_ShouldShowItsBindingsGrantsAndConditionedAssignment()
    {
        var (plan, _) = Plan("prod", teams: false);

        var explanation = Assert.Single(Explain.Describe([plan], "deployer", "prod"));
        var text = Explain.Text([explanation]);

        Assert.Contains(explanation.Grants, g => g.System == "kubernetes" && g.Scope == "payments-prod"
            && g.Resource == "rbac.authorization.k8s.io/roles:ci-payments-api-deploy" && g.Actions.Contains("bind") && g.GrantedBy == "Role payments-prod/access-deployer");
        Assert.Contains(explanation.Grants, g => g.System == "vault" && g.Resource == "sys/audit/file-primary" && g.Actions.Contains("sudo"));
        Assert.Contains("RoleBinding payments-prod/access-deployer binds user access:deployer:prod", text, StringComparison.Ordinal);
        Assert.Contains("held to the plan's Roles, RoleBindings, NetworkPolicies and namespace labels by 7 admission guard(s) the bootstrap applies (guard.yaml, access-deployer-guard-prod-ci-runners-prod,", text, StringComparison.Ordinal);
        Assert.Contains("assigns only ci-acr-repository-writer-prod", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenDeployerPolicyIsWritten_ShouldBeTheFolderPerDeployer()
    {
        var (plan, _) = Plan("prod", teams: true);

        var files = DeployerRenderer.Render(plan).Select(f => f.Path).ToList();

        Assert.Equal(
            ["deployer/platform/kubernetes.yaml", "deployer/platform/guard.yaml", "deployer/platform/vault.hcl", "deployer/platform/azure.json",
                "deployer/team-payments/kubernetes.yaml", "deployer/team-payments/guard.yaml", "deployer/team-payments/vault.hcl"],
            files);
    }

    /// <summary>Each deployer's guard judges its own user in its own namespaces: a team's namespace is guarded for the team's deployer, not the platform's.</summary>
    [Fact]
    public void Guard_WhenATeamDeploysItsPipelines_ShouldJudgeEachDeployerInItsOwnNamespaces()
    {
        var (plan, _) = Plan("prod", teams: true);
        var platform = plan.Deployers.Single(d => d.Team is null);
        var team = plan.Deployers.Single(d => d.Team == "payments");

        Assert.Equal(
            team.KubernetesRoles.Where(r => r.Kind == "Role").Select(r => r.Namespace).Order(StringComparer.Ordinal),
            team.Guards.Select(g => Assert.Single(g.Bindings).Namespace!).Order(StringComparer.Ordinal));
        var teamGuard = team.Guards.Single(g => g.Bindings[0].Namespace == "payments-prod");
        Assert.All(team.Guards, g => Assert.Equal("access:deployer:prod:payments", g.Username));
        Assert.DoesNotContain(platform.Guards.SelectMany(g => g.Bindings), b => b.Namespace == "payments-prod");
        Assert.All(platform.Guards, g => Assert.Equal("access:deployer:prod", g.Username));
        Assert.Contains(teamGuard.Validations, v => v.Expression.Contains("object.metadata.name in ['ci-payments-api-deploy', 'ci-payments-api-verify']", StringComparison.Ordinal));
    }

    internal static (Plan Plan, string? Subscription) Plan(string stack, bool teams)
    {
        var text = Definitions.Read("stacks", stack + ".yaml");
        if (teams)
        {
            var ceiling = stack == "prod" ? "15m" : "30m";
            text = Definitions.Patch(text, $"  tokenTtlCeiling: {ceiling}\n", TeamDeployers.Replace("15m", ceiling, StringComparison.Ordinal));
        }

        var result = DefinitionLoader.Load(text, $"stacks/{stack}.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return (Planner.Build(result.Definition!), result.Definition!.Environment.Azure?.SubscriptionId);
    }

    private static IEnumerable<KubernetesRight> Permissions(DeployerRights deployer) =>
        deployer.KubernetesRoles.SelectMany(r => PlannedObjects.Expand(r.Namespace, r.Rules));

    /// <summary>A rendered object as the API server sees it: group from apiVersion, resource from kind.</summary>
    private sealed record RenderedObject(string Group, string Resource, string Kind, string? Namespace, string Name);

    /// <summary>Every document of every Kubernetes file the renderer writes (objects and Pod Security label patches), read back as YAML.</summary>
    private static IEnumerable<RenderedObject> Rendered(Plan plan)
    {
        foreach (var file in KubernetesRenderer.Files(plan))
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(file.Content));
            foreach (var document in stream.Documents)
            {
                var root = (YamlMappingNode)document.RootNode;
                var apiVersion = Scalar(root, "apiVersion");
                var kind = Scalar(root, "kind");
                var metadata = (YamlMappingNode)root["metadata"];
                var group = apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)] : "";
                var resource = kind.EndsWith('y') ? kind.ToLowerInvariant()[..^1] + "ies" : kind.ToLowerInvariant() + "s";
                var ns = metadata.Children.ContainsKey(new YamlScalarNode("namespace")) ? Scalar(metadata, "namespace") : null;
                yield return new RenderedObject(group, resource, kind, ns, Scalar(metadata, "name"));
            }
        }
    }

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node[key]).Value!;

    /// <summary>The deployer of a rendered object: the one whose pipelines own the object's namespace (the platform for the environment's own).</summary>
    private static DeployerRights OwnerOf(Plan plan, RenderedObject obj)
    {
        var ns = obj.Kind == "Namespace" ? obj.Name : obj.Namespace;
        var pipeline = ns is null ? null : plan.Kubernetes.NetworkPolicies.FirstOrDefault(p => p.Namespace == ns)?.Owner.Pipeline;
        return plan.Deployers.Single(d => DeployerPlanner.Owns(d, pipeline));
    }
}
