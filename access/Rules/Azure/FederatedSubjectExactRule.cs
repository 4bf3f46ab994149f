using System.Collections.Immutable;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR004: a federated credential trusts its stage's exact CI subject.</summary>
public sealed class FederatedSubjectExactRule : GuardrailRule
{
    public override string Id => "AZR004";
    public override string Name => "federated-subject-exact";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override bool Waivable => false;
    public override string Summary => "A managed identity's federated credential subject is exactly its stage's CI subject: repository and CI environment pinned.";
    public override string Description => "Entra compares the subject as an exact string, so a subject naming the wrong environment (prod instead of the approval-gated one) or another repository hands the identity to jobs that were never approved. Checkov CKV_AZURE_249 looks at app registrations' credentials only; managed identities' are checked here.";
    public override string Recommendation => "Keep ci.subjectTemplate with {repository} and {environment}; the planner fills both per stage.";
    public override string Example => "ci:\n  subjectTemplate: \"repo:{repository}:environment:{environment}\"";
    public override ImmutableArray<RuleLink> Links => [Anchors.Ckv249, Anchors.AzureFederatedCredentials, Anchors.GitHubOidc];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var credential in context.Plan.Azure.FederatedCredentials)
        {
            var identity = context.IdentityOf(credential.Owner);
            var expected = identity?.CiSubject;
            if (expected is null || credential.Subject != expected || credential.Subject.Contains('*', StringComparison.Ordinal)
                || !credential.Subject.Contains(identity!.Repository, StringComparison.Ordinal) || !credential.Subject.Contains(identity.CiEnvironment, StringComparison.Ordinal))
            {
                yield return Found(context, credential.Owner.Subject, Messages.FederatedSubject(credential.Name, credential.Subject, expected), credential.Owner.Location);
            }
        }
    }
}
