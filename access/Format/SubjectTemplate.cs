namespace Infra.Access.Format;

/// <summary>
/// The CI subject template is a closed grammar, not free text. GitHub Actions writes the OIDC
/// <c>sub</c> claim in a few forms: <c>repo:OWNER/REPO:environment:NAME</c> for a job that runs in
/// a CI environment, <c>repo:OWNER/REPO:ref:refs/heads/X</c> for one that does not,
/// <c>repo:OWNER/REPO:pull_request</c> for pull-request jobs, and customised forms an organisation
/// can switch to (<c>job_workflow_ref:…</c>, <c>repository_owner:…</c>, <c>context:…</c>, ids).
/// Vault's <c>bound_subject</c> and Entra's federated-credential subject both compare the whole
/// string exactly, so the template decides which jobs get a token; exactly one form is accepted,
/// in every tier: the environment form, where the CI environment (and with it the approval gate) is
/// part of what is matched. Each other form is refused with the reason it is unsafe.
/// </summary>
public static class SubjectTemplate
{
    /// <summary>The one accepted template.</summary>
    public const string EnvironmentForm = "repo:{repository}:environment:{environment}";

    /// <summary>The schema's pattern: the accepted template, escaped.</summary>
    public const string Pattern = @"^repo:\{repository\}:environment:\{environment\}$";

    public const string Hint = "exactly `" + EnvironmentForm + "`";

    /// <summary>Null when <paramref name="template"/> is the accepted form; otherwise why it is refused.</summary>
    public static string? Check(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (string.Equals(template, EnvironmentForm, StringComparison.Ordinal))
        {
            return null;
        }

        return $"'{template}' is not accepted: {Reason(template)}; the only accepted template is {EnvironmentForm} (GitHub's subject for a job in a CI environment)";
    }

    private static string Reason(string template)
    {
        if (template.AsSpan().IndexOfAny('*', '?', '+') >= 0 || template.Contains("{{", StringComparison.Ordinal))
        {
            return "it holds a wildcard; Vault's bound_subject and Entra's federated subject compare exactly, so the role would match a literal '*' only, and any glob matching would admit other repositories or CI environments";
        }

        if (!template.Contains("{repository}", StringComparison.Ordinal))
        {
            return "it does not contain {repository}, so the subject does not pin the pipeline's repository and another repository's token can match";
        }

        if (!template.Contains("{environment}", StringComparison.Ordinal))
        {
            return template.Contains(":ref:", StringComparison.Ordinal) || template.Contains("pull_request", StringComparison.Ordinal)
                ? "GitHub's ref and pull_request subjects are issued to any job on a branch or pull request, without a CI environment and its approval"
                : "it does not contain {environment}, so the CI environment and its approval gate are not part of the subject";
        }

        if (template.Contains("job_workflow_ref", StringComparison.Ordinal) || template.Contains("repository_owner", StringComparison.Ordinal)
            || template.Contains("context:", StringComparison.Ordinal) || template.Contains("_id:", StringComparison.Ordinal))
        {
            return "customised subject claims are not supported: the planner fills only {repository} and {environment}, so the other claims would be written literally and never match, or match more than the stage";
        }

        return "literal text around or between the placeholders changes which repository or CI environment the subject names (repo:{repository}-fork:… is another repository's token)";
    }
}
