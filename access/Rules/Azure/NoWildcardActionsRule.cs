using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR001: custom roles list exact actions.</summary>
public sealed class NoWildcardActionsRule : GuardrailRule
{
    public override string Id => "AZR001";
    public override string Name => "no-azure-wildcard-action";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override bool Waivable => false;
    public override string Summary => "No '*' in the actions or data actions of a custom Azure role.";
    public override string Description => "'*' (or 'Microsoft.ContainerRegistry/*') grants every operation the provider has and will have, including Microsoft.Authorization/*/write, which lets the identity assign itself any role. Custom roles name exact actions.";
    public override string Recommendation => "Use the catalog's push-image or pull-image roles; they list exact data actions on registry repositories.";
    public override string Example => "# ci-acr-repository-writer: .../repositories/content/read, content/write, metadata/read, metadata/write";
    public override ImmutableArray<RuleLink> Links => [Anchors.Azu0030, Anchors.Azu0052, Anchors.Ckv39];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var role in context.Plan.Azure.RoleDefinitions)
        {
            foreach (var (field, action) in role.Actions.Select(a => ("actions", a)).Concat(role.DataActions.Select(a => ("dataActions", a))).Where(a => a.Item2.Contains('*', StringComparison.Ordinal)))
            {
                yield return Found(context, role.RoleName, Messages.AzureWildcard(role.RoleName, field, action), role.Owner.Location);
            }
        }
    }
}
