using System.Text.RegularExpressions;
using Infra.Access.Definition;
using Infra.Access.Format;
using Infra.Access.Governance;

namespace Infra.Access.Rules.GitHub;

/// <summary>What the GHB rules ask of the definition and of GitHub's naming, in one place.</summary>
internal static partial class GovernanceFacts
{
    /// <summary>GitHub's documented limit of required reviewers per environment.</summary>
    public const int MaxReviewers = 6;

    /// <summary>The definition's pipelines a repository's governance was planned for.</summary>
    public static IEnumerable<Pipeline> PipelinesOf(RuleContext context, RepositoryGovernance repository) =>
        repository.Pipelines.Select(name => context.PipelineOf(new Planning.Owner(name, null, repository.Owner.Location))).OfType<Pipeline>();

    /// <summary>The maintainers of those pipelines, as GitHub compares names (ignoring case).</summary>
    public static HashSet<string> Maintainers(IEnumerable<Pipeline> pipelines) =>
        pipelines.SelectMany(p => p.Maintainers).ToHashSet(UpstreamNames.GitHub);

    /// <summary>
    /// A CODEOWNERS pattern the plan may hold: the literal path of a workflow file, of the workflows
    /// folder or of CODEOWNERS, anchored at the root. Anything else (a space, '#', a leading '!', '\',
    /// '*', '?', '[', a line break: '\z', since '$' also matches before a final '\n') would split the
    /// line, comment it out, or own other files than it names.
    /// </summary>
    public static bool IsLiteralOwnedPath(string pattern) => OwnedPathRegex().IsMatch(pattern);

    /// <summary>Characters GitHub's fnmatch reads as a pattern in a deployment branch policy name.</summary>
    public static bool HasPatternCharacter(string name) => name.AsSpan().IndexOfAny(PatternCharacters) >= 0;

    private static readonly System.Buffers.SearchValues<char> PatternCharacters = System.Buffers.SearchValues.Create("*?[]{}\\");

    /// <summary>Why a reviewer or code owner is not one GitHub can use in <paramref name="repository"/>, or null.</summary>
    public static string? Invalid(Principal principal, string repository)
    {
        if (principal.Kind == PrincipalKind.User)
        {
            return Patterns.IsMatch(principal.Name, Patterns.Person) ? null : "is not a GitHub login (letters, digits and single '-', at most 39)";
        }

        if (!TeamRegex().IsMatch(principal.Name))
        {
            return "is not a team written @owner/team-slug";
        }

        var owner = repository[..repository.IndexOf('/', StringComparison.Ordinal)];
        return UpstreamNames.GitHub.Equals(principal.Organisation, owner)
            ? null
            : $"is a team of another organisation than the repository's owner '{owner}': GitHub ignores it";
    }

    [GeneratedRegex("^/\\.github/(workflows/([A-Za-z0-9_-][A-Za-z0-9._-]*\\.ya?ml)?|CODEOWNERS)\\z", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex OwnedPathRegex();

    [GeneratedRegex("^[A-Za-z0-9]([A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9][A-Za-z0-9_-]{0,99}$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TeamRegex();
}
