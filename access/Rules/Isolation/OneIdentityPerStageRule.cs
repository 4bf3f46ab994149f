using System.Collections.Immutable;
using Infra.Access.Definition;
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
        var named = plan.Kubernetes.ServiceAccounts.Select(s => Named($"ServiceAccount {s.Namespace}/{s.Name}", s.Owner, UpstreamNames.Kubernetes))
            .Concat(plan.Vault.Policies.Select(p => Named($"Vault policy {p.Name}", p.Owner, UpstreamNames.Vault)))
            .Concat(plan.Vault.JwtRoles.Select(r => Named($"JWT role {r.Backend}/{r.Name}", r.Owner, UpstreamNames.Vault)))
            .Concat(plan.Vault.KubernetesSecretRoles.Select(r => Named($"Kubernetes secrets role {r.Backend}/{r.Name}", r.Owner, UpstreamNames.Vault)))
            .Concat(plan.Azure.ManagedIdentities.Select(m => Named($"managed identity {m.ResourceGroup}/{m.Name}", m.Owner, UpstreamNames.Azure)))
            .Concat(plan.Azure.FederatedCredentials.Select(c => Named($"federated credential {c.IdentityName}/{c.Name}", c.Owner, UpstreamNames.Azure)))
            // Named once: both checks below read every entry, and a catalog has tens of thousands.
            .ToList();
        // Counted before grouping: nearly every name is declared once, and a group per name would be built for nothing.
        var counts = new Dictionary<string, int>(named.Count, StringComparer.Ordinal);
        foreach (var (_, key, _) in named)
        {
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        foreach (var group in named.Where(n => counts[n.Key] > 1).GroupBy(n => n.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var owners = group.Select(g => g.Owner.Subject).Distinct().Order(StringComparer.Ordinal).ToList();
            var first = group.OrderBy(g => g.Owner.Location).First();
            yield return Found(context, first.Owner.Subject, Messages.SharedWithinEnvironment(first.Name, group.Count(), owners), first.Owner.Location);
        }

        foreach (var orphan in named.Where(n => n.Owner.Stage is null))
        {
            yield return Found(context, orphan.Owner.Subject, Messages.NoStageOwner(orphan.Name), orphan.Owner.Location);
        }
    }

    /// <summary>
    /// A declaration's name and the key it is counted under: the name as its system compares it
    /// (Azure ignores case, so two spellings of one managed identity are one identity).
    /// </summary>
    private static (string Name, string Key, Owner Owner) Named(string name, Owner owner, StringComparer upstream) =>
        (name, upstream.Equals("a", "A") ? name.ToUpperInvariant() : name, owner);
}
