using Infra.Access.Admission;
using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>The plan's admission policies and bindings as Kubernetes objects (admissionregistration.k8s.io/v1).</summary>
public static class AdmissionRenderer
{
    public const string ApiVersion = "admissionregistration.k8s.io/v1";

    /// <summary>Each policy followed by its bindings, in plan order.</summary>
    public static IEnumerable<Dictionary<string, object>> Objects(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var policy in plan.Admission.Policies)
        {
            yield return Policy(policy);
            foreach (var binding in policy.Bindings)
            {
                yield return Binding(policy, binding);
            }
        }
    }

    public static Dictionary<string, object> Policy(AdmissionPolicyDeclaration policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var spec = new Dictionary<string, object> { ["failurePolicy"] = policy.FailurePolicy };
        if (policy.ParamKind is { } param)
        {
            spec["paramKind"] = new Dictionary<string, object> { ["apiVersion"] = param.ApiVersion, ["kind"] = param.Kind };
        }

        spec["matchConstraints"] = new Dictionary<string, object>
        {
            ["resourceRules"] = policy.MatchRules.Select(r => (object)new Dictionary<string, object>
            {
                ["apiGroups"] = r.ApiGroups.ToList(),
                ["apiVersions"] = r.ApiVersions.ToList(),
                ["operations"] = r.Operations.ToList(),
                ["resources"] = r.Resources.ToList(),
                ["scope"] = "*",
            }).ToList(),
        };
        var (conditionName, condition) = policy.MatchCondition;
        spec["matchConditions"] = new List<object> { new Dictionary<string, object> { ["name"] = conditionName, ["expression"] = condition } };
        if (!policy.Variables.IsEmpty)
        {
            spec["variables"] = policy.Variables.Select(v => (object)new Dictionary<string, object> { ["name"] = v.Name, ["expression"] = v.Expression }).ToList();
        }

        spec["validations"] = policy.Validations.Select(v => (object)new Dictionary<string, object> { ["expression"] = v.Expression, ["message"] = v.Message }).ToList();
        return new()
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "ValidatingAdmissionPolicy",
            ["metadata"] = Metadata(policy.Name, policy),
            ["spec"] = spec,
        };
    }

    public static Dictionary<string, object> Binding(AdmissionPolicyDeclaration policy, AdmissionBinding binding)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(binding);
        var spec = new Dictionary<string, object> { ["policyName"] = policy.Name };
        if (binding.Param is { } param)
        {
            // A CronJob that is not there leaves nothing to compare with: the Job is denied.
            spec["paramRef"] = new Dictionary<string, object>
            {
                ["name"] = param.Name,
                ["namespace"] = param.Namespace,
                ["parameterNotFoundAction"] = "Deny",
            };
        }

        if (binding.Namespace is { } ns)
        {
            spec["matchResources"] = new Dictionary<string, object>
            {
                ["namespaceSelector"] = new Dictionary<string, object>
                {
                    ["matchLabels"] = new Dictionary<string, object> { [Planner.NamespaceLabel] = ns },
                },
            };
        }

        spec["validationActions"] = binding.ValidationActions.ToList();
        return new()
        {
            ["apiVersion"] = ApiVersion,
            ["kind"] = "ValidatingAdmissionPolicyBinding",
            ["metadata"] = Metadata(binding.Name, policy),
            ["spec"] = spec,
        };
    }

    private static Dictionary<string, object> Metadata(string name, AdmissionPolicyDeclaration policy) => new()
    {
        ["name"] = name,
        ["labels"] = policy.Labels.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal),
    };
}
