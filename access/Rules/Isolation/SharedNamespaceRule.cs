using System.Collections.Immutable;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO001: an environment's namespaces are its own.</summary>
public sealed class SharedNamespaceRule : GuardrailRule
{
    public override string Id => "ISO001";
    public override string Name => "environment-namespace-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No namespace declared in one environment's plan appears in another environment's plan.";
    public override string Description => "When staging and production declare objects in the same namespace (the same cluster, or a copy-paste), a staging pipeline's Role reaches production workloads. Checked against every environment definition of the repository on every run: `access check stacks/staging.yaml` and `pulumi up --stack staging` also plan stacks/prod.yaml and the rest of stacks/.";
    public override string Recommendation => "Suffix namespaces with the environment (payments-staging, payments-prod).";
    public override string Example => "# stacks/staging.yaml: namespaces: [payments-staging]\n# stacks/prod.yaml:    namespaces: [payments-prod]";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesNetworkPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Shared(context, plan =>
                plan.Kubernetes.ServiceAccounts.Select(s => (s.Namespace, s.Owner))
                    .Concat(plan.Kubernetes.Roles.Select(r => (r.Namespace, r.Owner)))
                    .Concat(plan.Kubernetes.RoleBindings.Select(b => (b.Namespace, b.Owner)))
                    .Concat(plan.Kubernetes.NetworkPolicies.Select(n => (n.Namespace, n.Owner)))
                    // Where Vault's Kubernetes secrets engine may mint tokens: a namespace too.
                    .Concat(plan.Vault.KubernetesSecretRoles.SelectMany(r => r.AllowedKubernetesNamespaces.Select(n => (n, r.Owner)))))
            .Select(s => Found(context, s.Owner.Subject, Messages.Shared("namespace", s.Key, s.Environment), s.Owner.Location));
    }
}
