using System.Collections.Immutable;
using Infra.Access.Deployer;
using Infra.Access.Planning;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// Plan ops that edit a deployer's computed rights (<c>deployer</c>: its id, default <c>deployer</c>),
/// to show the DPL rules catch what a planner bug or a hand-widened deployer would hold:
/// <c>deployer-add-rule</c> (<c>namespace</c>, empty for the ClusterRole; apiGroups, resources,
/// resourceNames, verbs, nonResourceUrls), <c>deployer-drop-rules</c> (<c>namespace</c>, <c>resource</c>),
/// <c>deployer-add-vault-path</c> (path, capabilities), <c>deployer-set-azure-role</c> (<c>target</c>: part of
/// the role name; addAction, condition (<c>none</c> drops it), roleName, assignableScope).
/// </summary>
internal static class DeployerMutations
{
    public static Plan Apply(Plan plan, IReadOnlyDictionary<string, string> op)
    {
        string Arg(string key, string fallback = "") => op.TryGetValue(key, out var v) ? v : fallback;
        ImmutableArray<string> List(string key) => op.TryGetValue(key, out var v) && v.Length > 0 ? [.. v.Split(',', StringSplitOptions.TrimEntries)] : [];
        var id = Arg("deployer", DeployerRights.PlatformId);
        var index = plan.Deployers.Select((d, i) => (d, i)).First(x => x.d.Id == id).i;
        var deployer = plan.Deployers[index];
        var ns = Arg("namespace");
        var changed = Arg("op") switch
        {
            "deployer-add-rule" => AddRule(deployer, ns, new PolicyRule(op.ContainsKey("apiGroups") ? List("apiGroups") : [""], List("resources"), List("resourceNames"), List("verbs"), List("nonResourceUrls"))),
            "deployer-drop-rules" => deployer with
            {
                KubernetesRoles = [.. deployer.KubernetesRoles.Select(r => r.Namespace == ns ? r with { Rules = [.. r.Rules.Where(rule => !rule.Resources.Contains(Arg("resource")))] } : r)],
            },
            "deployer-add-vault-path" => deployer with
            {
                VaultPolicy = deployer.VaultPolicy with { Paths = deployer.VaultPolicy.Paths.Add(new VaultPathRule(Arg("path"), List("capabilities"))) },
            },
            "deployer-set-azure-role" => deployer with
            {
                AzureRoles = [.. deployer.AzureRoles.Select(r => !r.Definition.RoleName.Contains(Arg("target"), StringComparison.Ordinal) ? r : r with
                {
                    Definition = r.Definition with
                    {
                        RoleName = Arg("roleName", r.Definition.RoleName),
                        Actions = op.ContainsKey("addAction") ? r.Definition.Actions.Add(Arg("addAction")) : r.Definition.Actions,
                        AssignableScopes = op.ContainsKey("assignableScope") ? [Arg("assignableScope")] : r.Definition.AssignableScopes,
                    },
                    Condition = !op.ContainsKey("condition") ? r.Condition : Arg("condition") == "none" ? null : Arg("condition"),
                })],
            },
            var unknown => throw new InvalidOperationException($"unknown deployer op '{unknown}'"),
        };
        return plan with { Deployers = plan.Deployers.SetItem(index, changed) };
    }

    private static DeployerRights AddRule(DeployerRights deployer, string ns, PolicyRule rule)
    {
        var existing = deployer.KubernetesRoles.FirstOrDefault(r => r.Namespace == ns);
        if (existing is not null)
        {
            return deployer with { KubernetesRoles = deployer.KubernetesRoles.Replace(existing, existing with { Rules = existing.Rules.Add(rule) }) };
        }

        var template = deployer.KubernetesRoles[0];
        var added = template with { Kind = ns.Length == 0 ? "ClusterRole" : "Role", Name = ns.Length == 0 ? "access-deployer-cluster" : template.Name, Namespace = ns, Rules = [rule] };
        return deployer with { KubernetesRoles = deployer.KubernetesRoles.Add(added) };
    }
}
