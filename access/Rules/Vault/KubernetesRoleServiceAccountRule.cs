using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT011: Vault mints tokens only for the stage's own, declared ServiceAccount.</summary>
public sealed class KubernetesRoleServiceAccountRule : GuardrailRule
{
    public override string Id => "VLT011";
    public override string Name => "kubernetes-role-own-service-account";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "A Kubernetes secrets-engine role names one namespace and a ServiceAccount the plan declares there for the same stage.";
    public override string Description => "The role decides whose token Vault mints. A ServiceAccount missing from the plan may be anyone's (or created later by someone else); '*' or several namespaces let the stage mint tokens for other pipelines' accounts.";
    public override string Recommendation => "Let the planner declare the role for the stage's own ServiceAccount in the pipeline's home namespace.";
    public override string Example => "# role ci-payments-api-deploy: allowed_kubernetes_namespaces [payments-prod], service_account_name ci-payments-api-deploy";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultKubernetesSecrets];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        // Keyed once, not scanned per role: a catalog of thousands of stages has thousands of accounts.
        var accounts = Keyed.FirstByKey(context.Plan.Kubernetes.ServiceAccounts, s => (s.Namespace, s.Name));
        foreach (var role in context.Plan.Vault.KubernetesSecretRoles)
        {
            if (role.AllowedKubernetesNamespaces.Length != 1 || role.AllowedKubernetesNamespaces[0].Contains('*', StringComparison.Ordinal))
            {
                yield return Found(context, role.Owner.Subject, Messages.SecretRoleNamespaces(role.Name, role.AllowedKubernetesNamespaces), role.Owner.Location);
                continue;
            }

            var ns = role.AllowedKubernetesNamespaces[0];
            var account = accounts.GetValueOrDefault((ns, role.ServiceAccountName));
            if (account is null || account.Owner.Subject != role.Owner.Subject)
            {
                yield return Found(context, role.Owner.Subject, Messages.SecretRoleAccount(role.Name, $"{ns}/{role.ServiceAccountName}", account?.Owner.Subject), role.Owner.Location);
            }
        }
    }
}
