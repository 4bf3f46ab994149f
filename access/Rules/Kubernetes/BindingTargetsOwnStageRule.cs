using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S013: a binding grants its stage's own Role to its stage's own ServiceAccount, nothing else.</summary>
public sealed class BindingTargetsOwnStageRule : GuardrailRule
{
    public override string Id => "K8S013";
    public override string Name => "binding-targets-own-stage";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "A RoleBinding binds a Role of the plan, in its namespace, to the ServiceAccount of the same stage only.";
    public override string Description => "A binding whose Role is not in the plan grants rules nobody reviewed; a subject that is a User, a Group, or another stage's ServiceAccount moves the grant to an identity the definition did not give it. Either is an escalation path even when every Role is narrow.";
    public override string Recommendation => "Let the planner declare bindings: one per stage and namespace, to the stage's own ServiceAccount.";
    public override string Example => "# RoleBinding payments-prod/ci-payments-api-deploy -> Role ci-payments-api-deploy, subject ServiceAccount payments-prod/ci-payments-api-deploy";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ckv2K8s1, Anchors.Ksv051];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var k = context.Plan.Kubernetes;
        // Keyed once, not scanned per binding: a catalog of thousands of stages has thousands of each.
        var roles = Keyed.FirstByKey(k.Roles, r => (r.Namespace, r.Name, r.Kind));
        var accounts = k.ServiceAccounts.Select(s => (s.Name, s.Namespace, s.Owner.Subject)).ToHashSet();
        foreach (var binding in k.RoleBindings)
        {
            var role = roles.GetValueOrDefault((binding.Namespace, binding.RoleRef.Name, binding.RoleRef.Kind));
            if (binding.RoleRef.Kind == "Role" && (role is null || role.Owner.Subject != binding.Owner.Subject))
            {
                yield return Found(context, binding.Owner.Subject, Messages.ForeignRole(Describe(binding), binding.RoleRef.Name), binding.Owner.Location);
            }

            foreach (var subject in binding.Subjects)
            {
                var own = subject.Kind == "ServiceAccount" && accounts.Contains((subject.Name, subject.Namespace ?? binding.Namespace, binding.Owner.Subject));
                if (!own)
                {
                    yield return Found(context, binding.Owner.Subject, Messages.ForeignSubject(Describe(binding), subject.Kind, subject.Namespace is null ? subject.Name : $"{subject.Namespace}/{subject.Name}"), binding.Owner.Location);
                }
            }
        }
    }

    // Only for findings: building it for every binding of a catalog costs more than the checks.
    private static string Describe(RoleBindingDeclaration binding) => $"{binding.Namespace}/{binding.Name}";
}
