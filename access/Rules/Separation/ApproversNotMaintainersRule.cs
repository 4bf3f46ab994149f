using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Separation;

/// <summary>SOD001: in production, nobody approves a release of a pipeline they maintain.</summary>
public sealed class ApproversNotMaintainersRule : GuardrailRule
{
    public override string Id => "SOD001";
    public override string Name => "approvers-not-maintainers";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Separation;
    public override string? WaiverObject => "people in both lists, sorted and comma-separated";
    public override string Summary => "In production a pipeline's approvers and maintainers do not overlap.";
    public override string Description => "The approval gate exists so that a second person looks at what the pipeline is about to do. A maintainer who approves their own change makes the gate a formality: four eyes become two. Names are compared as GitHub compares logins, ignoring case: Alice-Payments and alice-payments are one account.";
    public override string Recommendation => "Name approvers who do not maintain the pipeline (a release or security lead).";
    public override string Example => "maintainers: [alice-payments, bob-payments]\napprovers: [carol-release]";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsProduction)
        {
            yield break;
        }

        foreach (var pipeline in context.Definition.Pipelines)
        {
            // GitHub logins ignore case: Alice-Payments and alice-payments are one person approving their own change.
            var both = pipeline.Approvers.Where(a => pipeline.Maintainers.Contains(a, UpstreamNames.GitHub)).Order(StringComparer.Ordinal).ToList();
            if (both.Count > 0)
            {
                yield return Found(context, pipeline.Name, Messages.ApproverIsMaintainer(both), pipeline.Location, about: string.Join(",", both));
            }
        }
    }
}
