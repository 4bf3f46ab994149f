using System.Collections.Immutable;
using Infra.Access.Admission;
using Infra.Access.Catalog;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S019: every Kubernetes write a stage is bound to is held by an enforcing admission policy for its ServiceAccount.</summary>
public sealed class WritesCoveredByAdmissionRule : GuardrailRule
{
    public override string Id => "K8S019";
    public override string Name => "writes-covered-by-admission";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "Role as `namespace/name`";
    public override bool WaivableInSystemNamespaces => false;
    public override bool WaivableInProduction => false;
    public override string Summary => "Every write a RoleBinding grants a stage (patch, update, create, delete... on any resource) is covered by an admission policy for the stage's ServiceAccount: matching all of its requests, failurePolicy Fail, bound with Deny, and allowing that write only as its capability says.";
    public override string Description => "RBAC names objects, not fields: patch on a Deployment is control of its whole pod template (any ServiceAccount of the namespace, any Secret, privileged containers), and create on Jobs is any Job. Only the admission policy planned from the capabilities keeps a write to what it is for (docs/capabilities.md). A write without it, or a policy that fails open (failurePolicy Ignore), only audits or warns, or does not see every request of the identity, leaves the whole object to whoever holds the token.";
    public override string Recommendation => "Grant Kubernetes writes only through capabilities (the planner plans their admission policy) and keep the policy as planned: matching every request of the ServiceAccount, failurePolicy Fail, a binding with validationActions [Deny, Audit]. Not waivable in production.";
    public override string Example => "# ValidatingAdmissionPolicy access-prod-ci-payments-api-deploy: matches every request of\n# system:serviceaccount:payments-prod:ci-payments-api-deploy, failurePolicy: Fail,\n# allows only image changes of Deployment payments-api (binding: validationActions [Deny, Audit])";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Kubernetes: Validating Admission Policy", "https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/"), new RuleLink("docs/capabilities.md: what a write may change", "../capabilities.md#what-a-write-may-change-admission-policies")];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var roles = plan.Kubernetes.Roles.ToLookup(r => (r.Namespace, r.Name));
        var policies = plan.Admission.Policies.ToLookup(p => p.Username, StringComparer.Ordinal);
        foreach (var binding in plan.Kubernetes.RoleBindings)
        {
            foreach (var role in roles[(binding.Namespace, binding.RoleRef.Name)])
            {
                foreach (var subject in binding.Subjects.Where(s => s.Kind == "ServiceAccount"))
                {
                    var username = AdmissionPlanner.Username(subject.Namespace ?? binding.Namespace, subject.Name);
                    var enforcing = policies[username].Where(Enforces).ToList();
                    foreach (var uncovered in Uncovered(role, enforcing))
                    {
                        yield return Found(context, role.Owner.Subject, Messages.WriteNotCoveredByAdmission($"{role.Namespace}/{role.Name}", uncovered, username, enforcing.Count > 0),
                            role.Owner.Location, about: $"{role.Namespace}/{role.Name}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// A policy that judges every request of its identity and refuses what it does not allow: it
    /// matches all groups, versions, operations and resources with subresources, fails closed, has
    /// a validation, and one binding without a parameter or namespace limit denies.
    /// </summary>
    private static bool Enforces(AdmissionPolicyDeclaration policy) =>
        policy.FailurePolicy == AdmissionPolicyDeclaration.Fail
        && !policy.Validations.IsEmpty
        && policy.ParamKind is null
        && policy.MatchRules.Any(r => r.ApiGroups.Contains("*") && r.ApiVersions.Contains("*") && r.Operations.Contains("*") && r.Resources.Contains("*/*"))
        && policy.Bindings.Any(b => b.ValidationActions.Contains("Deny") && b.Param is null && b.Namespace is null);

    /// <summary>The Role's writes (as <c>verb group/resource[names]</c>) that no enforcing policy allows as a capability does.</summary>
    private static IEnumerable<string> Uncovered(RoleDeclaration role, List<AdmissionPolicyDeclaration> policies)
    {
        foreach (var rule in role.Rules)
        {
            foreach (var verb in rule.Verbs.Where(v => WriteAccess.IsKubernetesWrite(v)))
            {
                var operation = verb switch
                {
                    "create" => "CREATE",
                    "update" or "patch" => "UPDATE",
                    _ => null,
                };
                foreach (var group in rule.ApiGroups)
                {
                    foreach (var resource in rule.Resources)
                    {
                        var slash = resource.IndexOf('/', StringComparison.Ordinal);
                        var (name, sub) = slash < 0 ? (resource, "") : (resource[..slash], resource[(slash + 1)..]);
                        var covered = operation is not null && policies.Any(p => p.Allowances.Any(a =>
                            a.ApiGroup == group && a.Resource == name && a.Subresource == sub && a.Operation == operation && a.Namespace == role.Namespace
                            && (rule.ResourceNames.IsEmpty ? a.Names.IsEmpty : rule.ResourceNames.All(n => a.Names.Contains(n)))));
                        if (!covered)
                        {
                            var names = rule.ResourceNames.IsEmpty ? "" : $" [{string.Join(", ", rule.ResourceNames)}]";
                            yield return $"{verb} {(group.Length == 0 ? "" : group + "/")}{resource}{names}";
                        }
                    }
                }
            }
        }
    }
}
