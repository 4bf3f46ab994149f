using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Access.Definition;
using Infra.Access.Governance;
using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>
/// The plan's GitHub governance as GitHub's REST API takes it, per repository: the body of
/// "Create or update an environment" (<c>PUT /repos/{owner}/{repo}/environments/{name}</c>) per
/// environment, the body of "Create a deployment branch policy"
/// (<c>POST .../environments/{name}/deployment-branch-policies</c>) per admitted ref, and the
/// CODEOWNERS lines. GitHub takes reviewers by numeric id; the definition names logins and teams, so
/// ids come from the reviewer ids given to <see cref="Render"/> (resolved by the caller, see docs/github-governance.md).
/// A reviewer without an id is written with its <c>login</c> or team <c>slug</c> instead, and
/// listed in <see cref="GitHubRender.Unresolved"/>: such a body must not be sent.
/// </summary>
public static class GitHubRenderer
{
    public const string Folder = "github";

    public static GitHubRender Render(Plan plan, IReadOnlyDictionary<string, long>? reviewerIds = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var ids = reviewerIds is null ? null : new Dictionary<string, long>(reviewerIds, UpstreamNames.GitHub);
        var files = new List<RenderedFile>();
        var unresolved = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var repository in plan.Governance.Repositories)
        {
            var folder = $"{Folder}/{repository.Repository}";
            foreach (var environment in repository.Environments)
            {
                var prefix = $"{folder}/environments/{environment.Name}";
                files.Add(new RenderedFile($"{prefix}/environment.json", Serialize(EnvironmentBody(environment, ids, unresolved))));
                var index = 1;
                foreach (var policy in environment.Refs.Custom)
                {
                    files.Add(new RenderedFile($"{prefix}/deployment-branch-policy-{index++}.json", Serialize(BranchPolicyBody(policy))));
                }
            }

            if (!repository.CodeOwners.IsEmpty)
            {
                files.Add(new RenderedFile($"{folder}/CODEOWNERS", CodeOwners(plan, repository)));
            }
        }

        return new GitHubRender([.. files], [.. unresolved]);
    }

    /// <summary>The body of "Create or update an environment": every protection rule stated, so a PUT leaves nothing behind.</summary>
    public static JsonObject EnvironmentBody(GitHubEnvironment environment, IReadOnlyDictionary<string, long>? ids, ISet<string>? unresolved = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var reviewers = new JsonArray();
        foreach (var reviewer in environment.Reviewers)
        {
            var entry = new JsonObject { ["type"] = reviewer.Kind == PrincipalKind.Team ? "Team" : "User" };
            if (ids is not null && ids.TryGetValue(reviewer.Text, out var id))
            {
                entry["id"] = id;
            }
            else
            {
                entry[reviewer.Kind == PrincipalKind.Team ? "slug" : "login"] = reviewer.Name;
                unresolved?.Add(reviewer.Text);
            }

            reviewers.Add(entry);
        }

        return new JsonObject
        {
            ["wait_timer"] = environment.WaitTimerMinutes,
            ["prevent_self_review"] = environment.PreventSelfReview,
            ["reviewers"] = reviewers,
            ["deployment_branch_policy"] = environment.Refs.AnyRef
                ? null
                : new JsonObject
                {
                    ["protected_branches"] = environment.Refs.ProtectedBranches,
                    ["custom_branch_policies"] = environment.Refs.CustomPolicies,
                },
        };
    }

    /// <summary>The body of "Create a deployment branch policy".</summary>
    public static JsonObject BranchPolicyBody(BranchPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new JsonObject { ["name"] = policy.Name, ["type"] = policy.Kind == RefKind.Tag ? "tag" : "branch" };
    }

    /// <summary>The CODEOWNERS lines of one repository, with a header saying where they come from and where they go.</summary>
    public static string CodeOwners(Plan plan, RepositoryGovernance repository)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(repository);
        var text = new StringBuilder();
        text.Append("# CODEOWNERS lines of ").Append(repository.Repository).Append(", planned by access from ").Append(plan.File)
            .Append(" (environment ").Append(plan.Environment).Append(").\n");
        text.Append("# Keep them last: for each path GitHub applies the last line that matches it.\n");
        foreach (var entry in repository.CodeOwners)
        {
            text.Append(entry.Line).Append('\n');
        }

        return text.ToString();
    }

    private static string Serialize(JsonObject body) => body.ToJsonString(Json.Options) + "\n";
}

/// <summary>The rendered files, and the reviewers (logins, <c>@owner/team</c>) whose numeric id was not given.</summary>
public sealed record GitHubRender(ImmutableArray<RenderedFile> Files, ImmutableArray<string> Unresolved);
