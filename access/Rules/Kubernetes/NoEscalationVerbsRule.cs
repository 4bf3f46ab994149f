using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S002: bind, escalate and impersonate are never granted, on any resource.</summary>
public sealed class NoEscalationVerbsRule : GuardrailRule
{
    private static readonly string[] Verbs = ["bind", "escalate", "impersonate"];

    public override string Id => "K8S002";
    public override string Name => "no-escalation-verbs";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "No bind, escalate or impersonate verb on any resource.";
    public override string Description => "bind and escalate let an identity create or edit Roles and bindings with permissions it does not hold; impersonate on users, groups, serviceaccounts, uids or userextras lets it act as anyone. Any of them turns a narrow CI identity into a cluster administrator. The verb is flagged whatever resource it names, so impersonate on serviceaccounts is caught as well as on users.";
    public override string Recommendation => "Remove the verb. A pipeline never needs to bind, escalate or impersonate; ask the platform team for a catalog capability instead.";
    public override string Example => "# The planner only emits the catalog's verbs (get, list, watch, patch, update, create on jobs).\ncapabilities:\n  - restart:\n      deployments: [orders-worker]";
    public override ImmutableArray<RuleLink> Links => [Anchors.KyvernoEscalationVerbs, Anchors.Ckv157, Anchors.Ckv158, Anchors.Ckv2K8s3, Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (role, number, rule) in Rbac.AllRules(context.Plan))
        {
            foreach (var verb in Rbac.Held(Verbs, rule.Verbs))
            {
                yield return Found(context, role.Owner.Subject, Messages.EscalationVerb(Rbac.Describe(role, number), verb, rule.Resources), role.Owner.Location);
            }
        }
    }
}
