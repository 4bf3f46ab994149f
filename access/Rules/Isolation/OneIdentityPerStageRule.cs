using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO005: every (environment, pipeline, stage) has identities of its own.</summary>
public sealed class OneIdentityPerStageRule : GuardrailRule
{
    public override string Id => "ISO005";
    public override string Name => "one-identity-per-stage";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No ServiceAccount, Vault policy, JWT role, secrets-engine role, managed identity or federated credential is declared twice or owned by more than one stage.";
    public override string Description => "A shared identity holds the union of its users' rights, and the audit log cannot tell which stage acted. One identity per environment, pipeline and stage keeps every grant attributable and revocable on its own.";
    public override string Recommendation => "Give stages distinct names; never reuse another stage's names.";
    public override string Example => "# ci-payments-api-build, ci-payments-api-deploy, ci-payments-api-verify: one of each per stage";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var named = plan.Kubernetes.ServiceAccounts.Select(s => ($"ServiceAccount {s.Namespace}/{s.Name}", s.Owner))
            .Concat(plan.Vault.Policies.Select(p => ($"Vault policy {p.Name}", p.Owner)))
            .Concat(plan.Vault.JwtRoles.Select(r => ($"JWT role {r.Backend}/{r.Name}", r.Owner)))
            .Concat(plan.Vault.KubernetesSecretRoles.Select(r => ($"Kubernetes secrets role {r.Backend}/{r.Name}", r.Owner)))
            .Concat(plan.Azure.ManagedIdentities.Select(m => ($"managed identity {m.ResourceGroup}/{m.Name}", m.Owner)))
            .Concat(plan.Azure.FederatedCredentials.Select(c => ($"federated credential {c.IdentityName}/{c.Name}", c.Owner)))
            // Named once: both checks below read every entry, and a catalog has tens of thousands.
            .ToList();
        // Counted before grouping: nearly every name is declared once, and a group per name would be built for nothing.
        var counts = new Dictionary<string, int>(named.Count, StringComparer.Ordinal);
        foreach (var (name, _) in named)
        {
            counts[name] = counts.GetValueOrDefault(name) + 1;
        }

        foreach (var group in named.Where(n => counts[n.Item1] > 1).GroupBy(n => n.Item1, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var owners = group.Select(g => g.Owner.Subject).Distinct().Order(StringComparer.Ordinal).ToList();
            var first = group.Select(g => g.Owner).OrderBy(o => o.Location).First();
            yield return Found(context, first.Subject, Messages.SharedWithinEnvironment(group.Key, group.Count(), owners), first.Location);
        }

        foreach (var orphan in named.Where(n => n.Owner.Stage is null).Select(n => (n.Item1, n.Owner)))
        {
            yield return Found(context, orphan.Owner.Subject, Messages.NoStageOwner(orphan.Item1), orphan.Owner.Location);
        }
    }
}
