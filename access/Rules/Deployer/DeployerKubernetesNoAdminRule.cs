using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Deployer;

namespace Infra.Access.Rules.Deployer;

/// <summary>DPL001: the deployer is never a cluster administrator in disguise.</summary>
public sealed class DeployerKubernetesNoAdminRule : GuardrailRule
{
    public override string Id => "DPL001";
    public override string Name => "deployer-kubernetes-no-admin";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Deployer;
    public override bool Waivable => false;
    public override string Summary => "The deployer's Kubernetes roles hold no wildcard, no escalate or impersonate, no nonResourceURLs, nothing in a system namespace, and bind only on the planned Roles of their namespace, by name.";
    public override string Description => "The identity that runs `pulumi up` creates every Role and RoleBinding, so whoever steals its credential holds what it holds. RBAC's escalation prevention lets it create a Role only with permissions it holds itself, or with `escalate`; `escalate` on a Role would let it write any rule into that Role and bind it to itself, so the deployer holds the union of what it grants instead. `bind` on a Role lets it bind that Role without holding its permissions: named planned Roles only, never ClusterRoles, so no binding it writes can reach cluster-admin, admin or edit. A wildcard makes it cluster-admin; `impersonate` lets it act as anyone.";
    public override string Recommendation => "Let the planner compute the deployer's rights (`access render --format deployer`) and apply them unchanged; never widen the deployer's roles by hand.";
    public override string Example => "environment:\n  name: prod\n# access render stacks/prod.yaml --format deployer: Roles per pipeline namespace, bind only on\n# resourceNames [ci-payments-api-deploy], no escalate";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesEscalationPrevention, Anchors.KubernetesResourceNames, Anchors.Ckv158, Anchors.Ckv157];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var location = context.Environment.Location;
        var planned = context.Plan.Kubernetes.Roles.Where(r => r.Kind == "Role").Select(r => (r.Namespace, r.Name)).ToHashSet();
        foreach (var deployer in context.Plan.Deployers)
        {
            foreach (var role in deployer.KubernetesRoles)
            {
                var name = role.Kind == "ClusterRole" ? $"ClusterRole {role.Name}" : $"{role.Namespace}/{role.Name}";
                if (role.Kind != "ClusterRole" && PlatformNamespaces.IsSystem(role.Namespace))
                {
                    yield return Found(context, deployer.Id, Messages.DeployerSystemNamespace(name), location);
                }

                foreach (var rule in role.Rules)
                {
                    foreach (var (field, values) in new[] { ("apiGroups", rule.ApiGroups), ("resources", rule.Resources), ("verbs", rule.Verbs), ("resourceNames", rule.ResourceNames) })
                    {
                        if (values.Any(v => v.Contains('*', StringComparison.Ordinal)))
                        {
                            yield return Found(context, deployer.Id, Messages.DeployerKubernetesWildcard(name, field), location);
                        }
                    }

                    if (!rule.NonResourceUrls.IsEmpty)
                    {
                        yield return Found(context, deployer.Id, Messages.DeployerNonResourceUrls(name), location);
                    }

                    foreach (var verb in rule.Verbs.Where(v => v is "escalate" or "impersonate"))
                    {
                        yield return Found(context, deployer.Id, Messages.DeployerKubernetesVerb(name, verb), location);
                    }

                    if (rule.Verbs.Contains("bind") && !BindsPlannedRoles(role.Kind, role.Namespace, rule, planned))
                    {
                        var target = $"{string.Join(",", rule.Resources)}{(rule.ResourceNames.IsEmpty ? " (every name)" : ":" + string.Join(",", rule.ResourceNames))}";
                        yield return Found(context, deployer.Id, Messages.DeployerBindOutsidePlan(name, target), location);
                    }
                }
            }
        }
    }

    private static bool BindsPlannedRoles(string kind, string ns, Planning.PolicyRule rule, HashSet<(string, string)> planned) =>
        kind == "Role"
        && rule.ApiGroups.All(g => g == PlannedObjects.RbacGroup)
        && rule.Resources.All(r => r == "roles")
        && !rule.ResourceNames.IsEmpty
        && rule.ResourceNames.All(n => planned.Contains((ns, n)));
}
