using System.Text.Json.Nodes;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Oracles;
using k8s;
using k8s.Models;

namespace Infra.Access.Tests.Admission;

/// <summary>What the API server decides for a request of a CI identity, over every policy and binding that applies.</summary>
public enum Admitted
{
    Allowed,
    Denied,

    /// <summary>A policy's CEL failed to evaluate: failurePolicy Fail denies, but an allowed request must never get here.</summary>
    Error,

    /// <summary>No policy applied: the identity's request would not be judged at all.</summary>
    Unjudged,
}

/// <summary>One request of the catalog: who sends it, what it is, and what the policies must decide.</summary>
internal sealed record AdmissionCase(string Name, string Environment, string Identity, Admitted Expected, Func<string, AdmissionInput> Request);

/// <summary>
/// The rendered policies of an environment (read back from <c>access render --format kubernetes</c>
/// by the Kubernetes client) and the part of the API server a policy does not say itself: which
/// policies and bindings apply to a request (match constraints, the binding's namespace selector)
/// and which object a binding passes as <c>params</c>. The CEL itself is judged by the real engine.
/// </summary>
internal sealed class AdmissionCluster(IReadOnlyList<V1ValidatingAdmissionPolicy> policies, IReadOnlyList<V1ValidatingAdmissionPolicyBinding> bindings, IReadOnlyList<JsonObject> objects)
{
    public IReadOnlyList<V1ValidatingAdmissionPolicy> Policies { get; } = policies;

    /// <summary>Loads stacks/ENV.yaml (patched), plans it and reads the rendered admission objects back.</summary>
    public static AdmissionCluster Of(string environment, Func<string, string>? patch = null)
    {
        var text = Definitions.Read("stacks", environment + ".yaml");
        var loaded = DefinitionLoader.Load(patch is null ? text : patch(text), $"stacks/{environment}.yaml");
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        var rendered = KubernetesRenderer.Render(Planner.Build(loaded.Definition!)).Content;
        var all = KubernetesYaml.LoadAllFromString(rendered, typeMap: null, strict: true);
        return new AdmissionCluster([.. all.OfType<V1ValidatingAdmissionPolicy>()], [.. all.OfType<V1ValidatingAdmissionPolicyBinding>()], [AdmissionObjects.CronJob]);
    }

    /// <summary>A copy with one policy's CEL edited (to show the tests catch a weaker expression).</summary>
    public AdmissionCluster WithPolicy(string name, Func<string, string> edit)
    {
        var edited = Policies.Select(p =>
        {
            if (p.Metadata.Name != name)
            {
                return p;
            }

            var copy = KubernetesYaml.Deserialize<V1ValidatingAdmissionPolicy>(KubernetesYaml.Serialize(p));
            foreach (var variable in copy.Spec.Variables ?? [])
            {
                variable.Expression = edit(variable.Expression);
            }

            foreach (var validation in copy.Spec.Validations ?? [])
            {
                validation.Expression = edit(validation.Expression);
            }

            return copy;
        }).ToList();
        return new AdmissionCluster(edited, bindings, objects);
    }

    /// <summary>The (policy, input) pairs the API server evaluates for a request; a missing param is a denial of its own.</summary>
    public IEnumerable<(V1ValidatingAdmissionPolicy Policy, AdmissionInput Input)?> Evaluations(AdmissionInput input)
    {
        var request = input.Request;
        foreach (var policy in Policies)
        {
            if (!Matches(policy.Spec.MatchConstraints, request))
            {
                continue;
            }

            foreach (var binding in bindings.Where(b => b.Spec.PolicyName == policy.Metadata.Name))
            {
                var selector = binding.Spec.MatchResources?.NamespaceSelector?.MatchLabels;
                if (selector is not null && !SelectedBy(selector, request))
                {
                    continue;
                }

                if (binding.Spec.ParamRef is { } reference)
                {
                    var param = objects.FirstOrDefault(o => o["kind"]!.GetValue<string>() == policy.Spec.ParamKind.Kind
                        && o["metadata"]!["name"]!.GetValue<string>() == reference.Name && o["metadata"]!["namespace"]!.GetValue<string>() == reference.NamespaceProperty);
                    // parameterNotFoundAction: Deny.
                    yield return param is null ? null : (policy, input with { Params = param });
                }
                else
                {
                    yield return (policy, input);
                }
            }
        }
    }

    /// <summary>
    /// A binding's namespace selector as the API server applies it: a namespaced object by its
    /// namespace's labels, a Namespace by its own (its <c>kubernetes.io/metadata.name</c> is its
    /// name), and any other cluster-scoped object is never skipped.
    /// </summary>
    private static bool SelectedBy(IDictionary<string, string> selector, JsonObject request)
    {
        var ns = request["resource"]!["resource"]!.GetValue<string>() == "namespaces" ? request["name"]?.GetValue<string>() : request["namespace"]?.GetValue<string>();
        if (ns is null)
        {
            return true;
        }

        return selector.TryGetValue(Planner.NamespaceLabel, out var selected) && selected == ns;
    }

    private static bool Matches(V1MatchResources constraints, JsonObject request)
    {
        var resource = request["resource"]!;
        var sub = request["subResource"]?.GetValue<string>() ?? "";
        return constraints.ResourceRules.Any(rule =>
            (rule.ApiGroups.Contains("*") || rule.ApiGroups.Contains(resource["group"]!.GetValue<string>()))
            && (rule.ApiVersions.Contains("*") || rule.ApiVersions.Contains(resource["version"]!.GetValue<string>()))
            && (rule.Operations.Contains("*") || rule.Operations.Contains(request["operation"]!.GetValue<string>()))
            && rule.Resources.Any(r => r == "*/*" || r == resource["resource"]!.GetValue<string>() + (sub.Length == 0 ? "" : "/" + sub)));
    }
}
