using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Governance;

/// <summary>Whether a reviewer or code owner is one GitHub account or a team of the repository's owner.</summary>
public enum PrincipalKind
{
    User,
    Team,
}

/// <summary>
/// A GitHub account or team as the definition names it: <c>carol-release</c>, or <c>@example-org/release-leads</c>
/// (<see cref="Name"/> is then <c>example-org/release-leads</c>). GitHub compares both ignoring case.
/// </summary>
public sealed record Principal(PrincipalKind Kind, string Name)
{
    /// <summary>The definition's spelling: a login, or <c>@owner/team</c>.</summary>
    public string Text => Kind == PrincipalKind.Team ? "@" + Name : Name;

    /// <summary>As CODEOWNERS names it: <c>@login</c> or <c>@owner/team</c>.</summary>
    public string Mention => "@" + Name;

    /// <summary>The team's organisation (the part before '/'), or null for a user.</summary>
    public string? Organisation => Kind == PrincipalKind.Team && Name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash ? Name[..slash] : null;

    public static Principal Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.StartsWith('@') ? new Principal(PrincipalKind.Team, text[1..]) : new Principal(PrincipalKind.User, text);
    }
}

/// <summary>Whether a deployment branch policy names branches or tags (GitHub's <c>type</c>).</summary>
public enum RefKind
{
    Branch,
    Tag,
}

/// <summary>One deployment branch (or tag) policy of an environment: GitHub matches <see cref="Name"/> with fnmatch.</summary>
public sealed record BranchPolicy(string Name, RefKind Kind)
{
    /// <summary>The full git ref this policy admits when its name holds no pattern character.</summary>
    public string Ref => (Kind == RefKind.Tag ? "refs/tags/" : "refs/heads/") + Name;
}

/// <summary>
/// Which refs may deploy to an environment. <see cref="Custom"/> lists the admitted names (GitHub's
/// custom branch policies); <see cref="ProtectedBranches"/> admits every protected branch instead;
/// both false means every branch and tag (GitHub's <c>deployment_branch_policy: null</c>).
/// </summary>
public sealed record DeploymentRefs(bool ProtectedBranches, ImmutableArray<BranchPolicy> Custom)
{
    public bool CustomPolicies => !ProtectedBranches && !Custom.IsEmpty;

    public bool AnyRef => !ProtectedBranches && Custom.IsEmpty;
}

/// <summary>
/// A GitHub environment of one repository as the plan declares it: the approval environment
/// (required reviewers, self-review prevented, a wait timer where declared) or the plain CI
/// environment (no reviewers). Both admit only the refs of the repository's pipelines.
/// </summary>
public sealed record GitHubEnvironment(
    string Repository,
    string Name,
    bool ApprovalRequired,
    ImmutableArray<Principal> Reviewers,
    bool PreventSelfReview,
    int WaitTimerMinutes,
    DeploymentRefs Refs,
    Owner Owner);

/// <summary>One CODEOWNERS line: a path pattern and the accounts or teams whose review changes to it need.</summary>
public sealed record CodeOwnersEntry(string Pattern, ImmutableArray<Principal> Owners, Owner Owner)
{
    public string Line => Pattern + " " + string.Join(" ", Owners.Select(o => o.Mention));
}

/// <summary>
/// What one repository's settings must enforce for the pipelines that run from it: its CI
/// environments and the CODEOWNERS lines that give maintainers the workflow files.
/// <see cref="Pipelines"/> are the definition's pipelines of the repository (decommissioned ones aside).
/// </summary>
public sealed record RepositoryGovernance(
    string Repository,
    ImmutableArray<string> Pipelines,
    ImmutableArray<GitHubEnvironment> Environments,
    ImmutableArray<CodeOwnersEntry> CodeOwners,
    Owner Owner)
{
    /// <summary>The environment of that name (GitHub compares environment names ignoring case), or null.</summary>
    public GitHubEnvironment? Environment(string name) =>
        Environments.FirstOrDefault(e => UpstreamNames.GitHub.Equals(e.Name, name));

    /// <summary>The CODEOWNERS entry of that pattern, or null.</summary>
    public CodeOwnersEntry? CodeOwnersOf(string pattern) =>
        CodeOwners.LastOrDefault(e => string.Equals(e.Pattern, pattern, StringComparison.Ordinal));
}

/// <summary>The GitHub governance of an environment's pipelines, per repository, in repository order.</summary>
public sealed record GovernancePlan(ImmutableArray<RepositoryGovernance> Repositories)
{
    public static GovernancePlan Empty { get; } = new([]);

    /// <summary>The governance of a repository (GitHub compares <c>owner/name</c> ignoring case), or null.</summary>
    public RepositoryGovernance? Of(string repository)
    {
        // Keyed once per list: rules ask this for every stage, and a catalog has thousands of repositories.
        if (_byName is not { } cache || cache.Source != Repositories)
        {
            cache = (Repositories, Keyed.FirstByKey(Repositories, r => r.Repository, UpstreamNames.GitHub));
            _byName = cache;
        }

        return cache.Map.GetValueOrDefault(repository);
    }

    // Rebuilt when a `with` expression gave the plan other repositories.
    private (ImmutableArray<RepositoryGovernance> Source, Dictionary<string, RepositoryGovernance> Map)? _byName;
}
