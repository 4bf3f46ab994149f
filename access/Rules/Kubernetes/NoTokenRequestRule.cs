using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S003: nobody mints ServiceAccount tokens through RBAC.</summary>
public sealed class NoTokenRequestRule : GuardrailRule
{
    public override string Id => "K8S003";
    public override string Name => "no-serviceaccount-token-create";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No create on serviceaccounts/token.";
    public override string Description => "create on serviceaccounts/token issues tokens for any ServiceAccount of the namespace, including ones with more rights than the caller: an escalation path. CI gets its short-lived token from Vault's Kubernetes secrets engine, for its own ServiceAccount only.";
    public override string Recommendation => "Remove the grant; let Vault's Kubernetes secrets engine mint the stage's token.";
    public override string Example => "# Tokens come from Vault: kubernetes-aks-prod/creds/ci-payments-api-deploy (update), never from RBAC.";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices, Anchors.VaultKubernetesSecrets];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Rbac.AllRules(context.Plan)
            .Where(r => Rbac.Covers(r.Rule, Rbac.CoreGroup, "serviceaccounts/token") && Rbac.Allows(r.Rule, "create"))
            .Select(r => Found(context, r.Role.Owner.Subject, Messages.TokenCreate(Rbac.Describe(r.Role, r.Number)), r.Role.Owner.Location));
    }
}
