using System.Text;
using Infra.Access.Deployer;
using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>
/// The deployers' rights, one folder each (<c>deployer/platform/</c>, <c>deployer/team-&lt;team&gt;/</c>):
/// Kubernetes Roles, ClusterRole and their bindings as YAML, the Vault policy as HCL, the Azure roles
/// with their assignment conditions as JSON. The bootstrap administrators apply them (docs/pulumi.md).
/// </summary>
public static class DeployerRenderer
{
    public static IEnumerable<RenderedFile> Render(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var deployer in plan.Deployers)
        {
            var folder = $"deployer/{Folder(deployer)}";
            yield return new RenderedFile($"{folder}/kubernetes.yaml", KubernetesYaml(deployer));
            if (!deployer.Guards.IsEmpty)
            {
                yield return new RenderedFile($"{folder}/guard.yaml", GuardYaml(deployer));
            }

            yield return new RenderedFile($"{folder}/vault.hcl", VaultHcl(plan, deployer));
            if (!deployer.AzureRoles.IsEmpty)
            {
                yield return new RenderedFile($"{folder}/azure.json", AzureJson(plan, deployer));
            }
        }
    }

    /// <summary><c>platform</c> or <c>team-&lt;team&gt;</c>.</summary>
    public static string Folder(DeployerRights deployer)
    {
        ArgumentNullException.ThrowIfNull(deployer);
        return deployer.Team is null ? "platform" : $"team-{deployer.Team}";
    }

    public static string KubernetesYaml(DeployerRights deployer)
    {
        ArgumentNullException.ThrowIfNull(deployer);
        var text = new StringBuilder();
        foreach (var role in deployer.KubernetesRoles)
        {
            var cluster = role.Kind == "ClusterRole";
            text.Append("---\n").Append(YamlDocumentWriter.Write(new Dictionary<string, object>
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = role.Kind,
                ["metadata"] = Metadata(role, cluster),
                ["rules"] = role.Rules.Select(KubernetesRenderer.Rule).ToList(),
            }));
            text.Append("---\n").Append(YamlDocumentWriter.Write(new Dictionary<string, object>
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = cluster ? "ClusterRoleBinding" : "RoleBinding",
                ["metadata"] = Metadata(role, cluster),
                ["roleRef"] = new Dictionary<string, object> { ["apiGroup"] = RoleReference.RbacApiGroup, ["kind"] = role.Kind, ["name"] = role.Name },
                ["subjects"] = new List<object>
                {
                    new Dictionary<string, object> { ["apiGroup"] = RoleReference.RbacApiGroup, ["kind"] = "User", ["name"] = deployer.KubernetesUser },
                },
            }));
        }

        return text.ToString();
    }

    /// <summary>
    /// The admission policies that hold the deployer's Kubernetes writes to the plan, with their
    /// bindings: applied by the bootstrap before every <c>pulumi up</c> whose plan changes them.
    /// </summary>
    public static string GuardYaml(DeployerRights deployer)
    {
        ArgumentNullException.ThrowIfNull(deployer);
        var text = new StringBuilder();
        foreach (var guard in deployer.Guards)
        {
            text.Append("---\n").Append(YamlDocumentWriter.Write(AdmissionRenderer.Policy(guard)));
            foreach (var binding in guard.Bindings)
            {
                text.Append("---\n").Append(YamlDocumentWriter.Write(AdmissionRenderer.Binding(guard, binding)));
            }
        }

        return text.ToString();
    }

    public static string VaultHcl(Plan plan, DeployerRights deployer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(deployer);
        var text = new StringBuilder();
        text.Append("# ").Append(deployer.Id).Append(" of ").Append(plan.Environment).Append(": exact paths of the objects it registers, no glob.\n");
        text.Append(VaultRenderer.PolicyHcl(deployer.VaultPolicy));
        return text.ToString();
    }

    public static string AzureJson(Plan plan, DeployerRights deployer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(deployer);
        var subscription = SubscriptionOf(deployer.AzureRoles[0].Scope);
        var roles = deployer.AzureRoles.Select(r =>
        {
            var assignment = new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["scope"] = r.Scope,
                ["principalType"] = "ServicePrincipal",
                ["roleDefinitionId"] = r.Definition.ResourceId(subscription),
            };
            if (r.Condition is { } condition)
            {
                assignment["condition"] = condition;
                assignment["conditionVersion"] = DeployerAzureRole.ConditionVersion;
                assignment["assignableRoles"] = r.AssignableRoleNames;
            }

            return new SortedDictionary<string, object>(StringComparer.Ordinal)
            {
                ["roleDefinition"] = new SortedDictionary<string, object>(StringComparer.Ordinal)
                {
                    ["id"] = r.Definition.Id,
                    ["roleName"] = r.Definition.RoleName,
                    ["description"] = r.Definition.Description,
                    ["assignableScopes"] = r.Definition.AssignableScopes,
                    ["permissions"] = new[]
                    {
                        new SortedDictionary<string, object>(StringComparer.Ordinal)
                        {
                            ["actions"] = r.Definition.Actions,
                            ["notActions"] = Array.Empty<string>(),
                            ["dataActions"] = r.Definition.DataActions,
                            ["notDataActions"] = Array.Empty<string>(),
                        },
                    },
                },
                ["assignment"] = assignment,
            };
        }).ToList();
        return Json.Serialize(new SortedDictionary<string, object>(StringComparer.Ordinal)
        {
            ["environment"] = plan.Environment,
            ["deployer"] = deployer.Id,
            ["roles"] = roles,
        });
    }

    private static string SubscriptionOf(string scope)
    {
        var parts = scope.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 1 ? parts[1] : "";
    }

    private static Dictionary<string, object> Metadata(RoleDeclaration role, bool cluster)
    {
        var metadata = new Dictionary<string, object> { ["name"] = role.Name };
        if (!cluster)
        {
            metadata["namespace"] = role.Namespace;
        }

        metadata["labels"] = role.Labels.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal);
        return metadata;
    }
}
