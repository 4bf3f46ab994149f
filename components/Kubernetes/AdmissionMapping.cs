using System.Collections.Immutable;
using Infra.Access.Admission;
using Infra.Access.Planning;
using Pulumi;
using Pulumi.Kubernetes.Types.Inputs.AdmissionRegistration.V1;
using Pulumi.Kubernetes.Types.Inputs.Meta.V1;

namespace Infra.Components.Kubernetes;

/// <summary>
/// Admission policy declarations to Pulumi.Kubernetes args, field for field, as
/// <c>access render --format kubernetes</c> writes them (both read the same plan entries).
/// </summary>
internal static class AdmissionMapping
{
    public static ValidatingAdmissionPolicyArgs Policy(AdmissionPolicyDeclaration policy)
    {
        var spec = new ValidatingAdmissionPolicySpecArgs
        {
            FailurePolicy = policy.FailurePolicy,
            MatchConstraints = new MatchResourcesArgs { ResourceRules = [.. policy.MatchRules.Select(Rule)] },
        };
        if (policy.ParamKind is { } param)
        {
            spec.ParamKind = new ParamKindArgs { ApiVersion = param.ApiVersion, Kind = param.Kind };
        }

        var (conditionName, condition) = policy.MatchCondition;
        spec.MatchConditions.Add(new MatchConditionArgs { Name = conditionName, Expression = condition });
        foreach (var variable in policy.Variables)
        {
            spec.Variables.Add(new VariableArgs { Name = variable.Name, Expression = variable.Expression });
        }

        foreach (var validation in policy.Validations)
        {
            spec.Validations.Add(new ValidationArgs { Expression = validation.Expression, Message = validation.Message });
        }

        return new ValidatingAdmissionPolicyArgs { Metadata = Metadata(policy.Name, policy.Labels), Spec = spec };
    }

    public static ValidatingAdmissionPolicyBindingArgs Binding(AdmissionPolicyDeclaration policy, AdmissionBinding binding)
    {
        var spec = new ValidatingAdmissionPolicyBindingSpecArgs { PolicyName = policy.Name, ValidationActions = List(binding.ValidationActions) };
        if (binding.Param is { } param)
        {
            // A CronJob that is not there leaves nothing to compare with: the Job is denied.
            spec.ParamRef = new ParamRefArgs { Name = param.Name, Namespace = param.Namespace, ParameterNotFoundAction = "Deny" };
        }

        if (binding.Namespace is { } ns)
        {
            spec.MatchResources = new MatchResourcesArgs
            {
                NamespaceSelector = new LabelSelectorArgs { MatchLabels = new InputMap<string> { [Planner.NamespaceLabel] = ns } },
            };
        }

        return new ValidatingAdmissionPolicyBindingArgs { Metadata = Metadata(binding.Name, policy.Labels), Spec = spec };
    }

    private static NamedRuleWithOperationsArgs Rule(AdmissionMatchRule rule) => new()
    {
        ApiGroups = List(rule.ApiGroups),
        ApiVersions = List(rule.ApiVersions),
        Operations = List(rule.Operations),
        Resources = List(rule.Resources),
        Scope = "*",
    };

    // Policies and bindings are cluster-scoped: a name and the plan's labels, no namespace.
    private static ObjectMetaArgs Metadata(string name, ImmutableSortedDictionary<string, string> labels)
    {
        var map = new InputMap<string>();
        foreach (var (key, value) in labels)
        {
            map[key] = value;
        }

        return new ObjectMetaArgs { Name = name, Labels = map };
    }

    private static InputList<string> List(ImmutableArray<string> values) => values;
}
