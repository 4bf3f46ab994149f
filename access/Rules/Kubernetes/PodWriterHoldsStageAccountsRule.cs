using System.Collections.Immutable;
using Infra.Access.Catalog;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>
/// K8S018: a stage that can change pod templates in the namespace holding its pipeline's stage
/// ServiceAccounts can run a pod as any of them, so it must already hold every write those accounts
/// have in the pipeline's other namespaces.
/// </summary>
public sealed class PodWriterHoldsStageAccountsRule : GuardrailRule
{
    public override string Id => "K8S018";
    public override string Name => "pod-writer-holds-stage-accounts";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "A stage that can change pod templates where its pipeline's stage ServiceAccounts live already holds every write those accounts have in other namespaces.";
    public override string Description => "Every stage ServiceAccount of a pipeline lives in the pipeline's first namespace. A stage that may deploy, restart or run-job there can set a pod's serviceAccountName to another stage's account and automountServiceAccountToken: true (the pod's setting overrides the account's): the pod then acts with that stage's Role in every namespace it is bound in, with a token the kubelet keeps refreshing long after the Vault TTL. A stage declared to restart one Deployment would deploy into another namespace.";
    public override string Recommendation => "Give the namespace-crossing writes to the stage that changes workloads in the first namespace, or make the other namespace a separate pipeline.";
    public override string Example => "namespaces: [shop-prod, shop-admin-prod]\nstages:\n  - name: deploy   # restart in shop-prod and deploy in shop-admin-prod: one stage\n    capabilities:\n      - restart: {namespace: shop-prod, deployments: [web]}\n      - deploy: {namespace: shop-admin-prod, deployments: [admin]}";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var k = context.Plan.Kubernetes;
        // Only bound Roles grant anything: a paused pipeline's Roles have no binding.
        var bound = k.RoleBindings.Select(b => (b.Namespace, b.RoleRef.Name, b.Owner.Subject)).ToHashSet();
        var roles = k.Roles.Where(r => r.Owner.Stage is not null && bound.Contains((r.Namespace, r.Name, r.Owner.Subject))).ToList();
        // Grouped once: a catalog has tens of thousands of stages, and scanning every Role per writer would be quadratic.
        var rolesOf = roles.ToLookup(r => r.Owner.Subject, StringComparer.Ordinal);
        var accountsIn = k.ServiceAccounts.Where(s => s.Owner.Pipeline is not null && s.Owner.Stage is not null)
            .ToLookup(s => (s.Namespace, s.Owner.Pipeline!));
        foreach (var writer in roles.Where(r => WritesPodTemplates(r)).OrderBy(r => r.Owner.Subject, StringComparer.Ordinal).ThenBy(r => r.Namespace, StringComparer.Ordinal))
        {
            var others = accountsIn[(writer.Namespace, writer.Owner.Pipeline!)].Where(a => a.Owner.Subject != writer.Owner.Subject).ToList();
            if (others.Count == 0)
            {
                continue;
            }

            var held = Writes(rolesOf[writer.Owner.Subject]);
            foreach (var account in others.OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                var missing = Writes(rolesOf[account.Owner.Subject].Where(r => r.Namespace != writer.Namespace))
                    .Where(w => !held.Contains(w) && !held.Contains(w with { Name = "*" }))
                    .Select(w => w.Namespace)
                    .Distinct()
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (missing.Count > 0)
                {
                    yield return Found(context, writer.Owner.Subject, Messages.PodWriterBorrowsAccount(writer.Namespace, account.Name, account.Owner.Subject, missing), writer.Owner.Location);
                }
            }
        }
    }

    private static bool WritesPodTemplates(RoleDeclaration role) => role.Rules.Any(rule => WriteAccess.ChangesPodTemplates(rule));

    private static HashSet<(string Namespace, string Group, string Resource, string Name, string Verb)> Writes(IEnumerable<RoleDeclaration> roles)
    {
        var writes = new HashSet<(string, string, string, string, string)>();
        foreach (var role in roles)
        {
            foreach (var rule in role.Rules)
            {
                foreach (var verb in rule.Verbs.Where(v => WriteAccess.IsKubernetesWrite(v)))
                {
                    foreach (var group in rule.ApiGroups)
                    {
                        foreach (var resource in rule.Resources)
                        {
                            foreach (var name in rule.ResourceNames.IsEmpty ? ["*"] : rule.ResourceNames)
                            {
                                writes.Add((role.Namespace, group, resource, name, verb));
                            }
                        }
                    }
                }
            }
        }

        return writes;
    }
}
