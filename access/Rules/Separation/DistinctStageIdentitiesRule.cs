using System.Collections.Immutable;
using System.Text;

namespace Infra.Access.Rules.Separation;

/// <summary>
/// SOD005: each stage is its own identity only if a CI job can prove which stage it is. Stages of one
/// pipeline share repository and (often) CI environment, so their Vault roles accept the same token
/// unless each pins its workflow.
/// </summary>
public sealed class DistinctStageIdentitiesRule : GuardrailRule
{
    public override string Id => "SOD005";
    public override string Name => "distinct-stage-identities";
    public override Severity Severity => Severity.Warning;
    public override RuleCategory Category => RuleCategory.Separation;
    public override string? WaiverObject => "stages sharing the token, sorted and comma-separated";
    public override string Summary => "No two live stages of a pipeline have Vault JWT roles that accept the same CI token (warning; error in production).";
    public override string Description => "A distinct identity per stage is only worth something if the CI token tells the stages apart. When two stages' JWT roles bind the same subject and the same claims, the verify job can log in as the deploy stage and the build job as the secret reader: separation of duties holds on paper only. Pinning each stage's workflow file (the workflow_ref claim) makes the token name the stage.";
    public override string Recommendation => "Give each stage its own workflow file and name it in the stage's `workflow:` field (the pipeline needs `ref:`), or merge stages that are really one job.";
    public override string Example => "ref: refs/heads/main\nstages:\n  - name: deploy\n    workflow: .github/workflows/deploy.yml\n    capabilities: [{deploy: {deployments: [payments-api]}}]\n  - name: verify\n    workflow: .github/workflows/verify.yml\n    capabilities: [{read-status: {}}]";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder();
        var shared = context.Plan.Vault.JwtRoles
            .Where(r => r.Owner.Pipeline is not null && r.Owner.Stage is not null)
            .GroupBy(r => (r.Owner.Pipeline, r.Backend, r.BoundSubject, Claims: Claims(r.BoundClaims, text)))
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key.Pipeline, StringComparer.Ordinal)
            .ThenBy(g => g.Key.BoundSubject, StringComparer.Ordinal);
        foreach (var group in shared)
        {
            var roles = group.OrderBy(r => r.Owner.Stage, StringComparer.Ordinal).ToList();
            yield return Found(context, group.Key.Pipeline!,
                Messages.SharedCiToken(group.Key.Pipeline!, roles.Select(r => r.Owner.Stage!), group.Key.BoundSubject),
                roles[1].Owner.Location,
                context.IsProduction ? Severity.Error : Severity.Warning,
                about: string.Join(",", roles.Select(r => r.Owner.Stage!)));
        }
    }

    /// <summary>The claims as <c>key=value</c> lines: one string per role, not one per claim and a join, as every role of a catalog is keyed.</summary>
    private static string Claims(ImmutableSortedDictionary<string, string> claims, StringBuilder text)
    {
        text.Clear();
        foreach (var (key, value) in claims)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(key).Append('=').Append(value);
        }

        return text.ToString();
    }
}
