using System.Collections.Immutable;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>K8S009: resourceNames do not narrow create, list, watch or deletecollection.</summary>
public sealed class ResourceNamesRestrictNothingRule : GuardrailRule
{
    private static readonly string[] Unnamable = ["create", "list", "watch", "deletecollection"];

    public override string Id => "K8S009";
    public override string Name => "resource-names-restrict-nothing";
    public override Severity Severity => Severity.Warning;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override string? WaiverObject => "Role as `namespace/name`";
    public override bool WaivableInSystemNamespaces => false;
    public override string Summary => "resourceNames combined with create, list, watch or deletecollection is flagged: it restricts nothing.";
    public override string Description => "The name of an object to be created is not known when create is authorized, and list, watch and deletecollection act on collections; Kubernetes ignores resourceNames for them (create is denied outright, the others are not narrowed the way a reader expects). A rule that looks narrow but is not misleads reviewers; the catalog keeps these verbs in separate, unnamed rules.";
    public override string Recommendation => "Split the rule: named verbs (get, patch, update, delete) with resourceNames, and the collection verbs in a separate rule without them.";
    public override string Example => "# deploy emits two rules: deployments get/patch/update with resourceNames [payments-api], and deployments list/watch without.";
    public override ImmutableArray<RuleLink> Links => [new RuleLink("Kubernetes: referring to resources (resourceNames)", "https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources"), Anchors.KubernetesRbacGoodPractices];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var (role, number, rule) in Rbac.AllRules(context.Plan).Where(r => !r.Rule.ResourceNames.IsEmpty))
        {
            var verbs = Rbac.Held(Unnamable, rule.Verbs);
            if (verbs.Count > 0)
            {
                yield return Found(context, role.Owner.Subject, Messages.NamedCollectionVerbs(Rbac.Describe(role, number), verbs), role.Owner.Location, about: $"{role.Namespace}/{role.Name}");
            }
        }
    }
}
