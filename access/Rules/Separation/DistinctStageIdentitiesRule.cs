using System.Collections.Immutable;
using System.Text;
using Infra.Access.Definition;

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
    public override string? WaiverObject => "identities sharing the token (stage names within one pipeline, pipeline/stage across pipelines), sorted and comma-separated";
    public override string Summary => "No two live stages, of one pipeline or of two, have Vault JWT roles that accept the same CI token, and no two pipelines have federated credentials that trust the same CI subject (warning; error in production).";
    public override string Description => "A distinct identity per stage is only worth something if the CI token tells the stages apart. When two stages' JWT roles bind the same subject and the same claims, the verify job can log in as the deploy stage and the build job as the secret reader: separation of duties holds on paper only. Pinning each stage's workflow file (the workflow_ref claim) makes the token name the stage. Two pipelines of one repository collide the same way; repository names are compared as GitHub compares them, ignoring case (Example-Org/API and example-org/api are one repository). Entra federated credentials match the subject only, so stages of one pipeline in one CI environment share theirs; two pipelines sharing one would hand each other their managed identities.";
    public override string Recommendation => "Give each stage its own workflow file and name it in the stage's `workflow:` field (the pipeline needs `ref:`), or merge stages that are really one job.";
    public override string Example => "ref: refs/heads/main\nstages:\n  - name: deploy\n    workflow: .github/workflows/deploy.yml\n    capabilities: [{deploy: {deployments: [payments-api]}}]\n  - name: verify\n    workflow: .github/workflows/verify.yml\n    capabilities: [{read-status: {}}]";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = new StringBuilder();
        // Grouped across pipelines: two pipelines of one repository (however its name is cased, GitHub
        // ignores case) accept each other's tokens just as two stages of one pipeline do.
        var shared = context.Plan.Vault.JwtRoles
            .Where(r => r.Owner.Pipeline is not null && r.Owner.Stage is not null)
            .GroupBy(r => new TokenKey(r.Backend, r.BoundSubject, Claims(r.BoundClaims, text)), TokenKey.Comparer)
            .Where(g => g.Count() > 1)
            .Select(g => g.OrderBy(r => r.Owner.Pipeline, StringComparer.Ordinal).ThenBy(r => r.Owner.Stage, StringComparer.Ordinal).ToList())
            .OrderBy(roles => roles[0].Owner.Pipeline, StringComparer.Ordinal)
            .ThenBy(roles => roles[0].BoundSubject, StringComparer.Ordinal);
        foreach (var roles in shared)
        {
            var pipelines = roles.Select(r => r.Owner.Pipeline!).Distinct(StringComparer.Ordinal).ToList();
            var message = pipelines.Count == 1
                ? Messages.SharedCiToken(pipelines[0], roles.Select(r => r.Owner.Stage!), roles[0].BoundSubject)
                : Messages.SharedCiTokenAcrossPipelines(roles.Select(r => r.Owner.Subject), roles.Select(r => r.BoundSubject).Distinct(StringComparer.Ordinal));
            yield return Found(context, roles[1].Owner.Pipeline!, message, roles[1].Owner.Location,
                context.IsProduction ? Severity.Error : Severity.Warning,
                about: string.Join(",", roles.Select(r => pipelines.Count == 1 ? r.Owner.Stage! : r.Owner.Subject)));
        }

        // Entra matches a federated credential on issuer and subject only, so stages of one pipeline in
        // one CI environment always share it (documented); two pipelines must not: a job of one would
        // get the other's managed identity.
        var credentials = context.Plan.Azure.FederatedCredentials
            .Where(c => c.Owner.Pipeline is not null && c.Owner.Stage is not null)
            .GroupBy(c => new TokenKey(c.Issuer, c.Subject, ""), TokenKey.Comparer)
            .Select(g => g.OrderBy(c => c.Owner.Pipeline, StringComparer.Ordinal).ThenBy(c => c.Owner.Stage, StringComparer.Ordinal).ToList())
            .Where(g => g.Select(c => c.Owner.Pipeline).Distinct(StringComparer.Ordinal).Count() > 1)
            .OrderBy(g => g[0].Owner.Pipeline, StringComparer.Ordinal)
            .ThenBy(g => g[0].Subject, StringComparer.Ordinal);
        foreach (var group in credentials)
        {
            var second = group.First(c => c.Owner.Pipeline != group[0].Owner.Pipeline);
            yield return Found(context, second.Owner.Pipeline!,
                Messages.SharedFederatedSubject(group.Select(c => c.Owner.Subject), group.Select(c => c.Subject).Distinct(StringComparer.Ordinal)),
                second.Owner.Location,
                context.IsProduction ? Severity.Error : Severity.Warning,
                about: string.Join(",", group.Select(c => c.Owner.Subject)));
        }
    }

    /// <summary>
    /// What a role or credential accepts: the Vault mount or the issuer (compared exactly) and the
    /// token's subject and claims (as GitHub compares them).
    /// </summary>
    private sealed record TokenKey(string Backend, string Subject, string Claims)
    {
        public static IEqualityComparer<TokenKey> Comparer { get; } = new KeyComparer();

        private sealed class KeyComparer : IEqualityComparer<TokenKey>
        {
            public bool Equals(TokenKey? x, TokenKey? y) =>
                x is not null && y is not null
                && UpstreamNames.Vault.Equals(x.Backend, y.Backend)
                && UpstreamNames.CiToken.Equals(x.Subject, y.Subject)
                && UpstreamNames.CiToken.Equals(x.Claims, y.Claims);

            public int GetHashCode(TokenKey obj) =>
                HashCode.Combine(UpstreamNames.Vault.GetHashCode(obj.Backend), UpstreamNames.CiToken.GetHashCode(obj.Subject), UpstreamNames.CiToken.GetHashCode(obj.Claims));
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
