using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Governance;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Pulumi;
using Pulumi.Github;
using Pulumi.Github.Inputs;
using GovernancePlan = Infra.Access.Governance.RepositoryGovernance;

namespace Infra.Components.GitHub;

/// <summary>The plan and the one repository whose governance a <see cref="RepositoryGovernance"/> registers.</summary>
public sealed class RepositoryGovernanceArgs
{
    /// <summary>The core's plan, after the guardrails passed (see <c>Infra.Components.Validation.EnvironmentGate</c>).</summary>
    public required Plan Plan { get; init; }

    /// <summary>The repository (<c>owner/name</c>) of <see cref="Plan"/> to register; GitHub compares it ignoring case.</summary>
    public required string Repository { get; init; }

    /// <summary>
    /// Whether this stack writes the repository's CODEOWNERS. A repository has one CODEOWNERS file
    /// but a definition per environment: only one stack may own it, or two stacks would overwrite each
    /// other. Default: the production stack does (its maintainers are the ones that matter).
    /// </summary>
    public bool? WriteCodeOwners { get; init; }
}

/// <summary>
/// One repository's GitHub governance, exactly as planned: each CI environment
/// (<see cref="RepositoryEnvironment"/>: required reviewers, prevent_self_review, wait timer, custom
/// branch policies, admins not bypassing), one <see cref="RepositoryEnvironmentDeploymentPolicy"/>
/// per admitted ref, and CODEOWNERS as a <see cref="RepositoryFile"/>. Reviewer ids are resolved by
/// login and team slug through the provider (<see cref="GetUser"/>, <see cref="GetTeam"/>), so the
/// definition names people, and GitHub, not a hand-kept table, says who they are. The provider's
/// owner must be the repository's owner: pass it in the options when stacks manage several owners.
/// </summary>
public sealed class RepositoryGovernance : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:RepositoryGovernance";

    /// <summary>Registers the repository's governance as planned.</summary>
    /// <param name="name">The component's name; the repository (<c>owner/name</c>) by convention.</param>
    /// <param name="args">The plan and the repository.</param>
    /// <param name="options">Component options (an explicit github provider for the repository's owner...), passed down to every child.</param>
    public RepositoryGovernance(string name, RepositoryGovernanceArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var repository = args.Plan.Governance.Of(args.Repository)
            ?? throw new ArgumentException($"the plan declares no governance for repository '{args.Repository}'", nameof(args));
        var repositoryName = repository.Repository[(repository.Repository.IndexOf('/', StringComparison.Ordinal) + 1)..];
        var child = new CustomResourceOptions { Parent = this };
        var invoke = new InvokeOptions { Parent = this };
        var environments = new List<Output<string>>();
        foreach (var environment in repository.Environments)
        {
            var registered = new RepositoryEnvironment($"{repository.Repository}/{environment.Name}", EnvironmentArgs(repositoryName, environment, invoke), child);
            environments.Add(registered.Environment);
            foreach (var policy in environment.Refs.Custom)
            {
                _ = new RepositoryEnvironmentDeploymentPolicy(
                    $"{repository.Repository}/{environment.Name}/{(policy.Kind == RefKind.Tag ? "tag" : "branch")}/{policy.Name}",
                    new RepositoryEnvironmentDeploymentPolicyArgs
                    {
                        Repository = repositoryName,
                        // The environment's output, not its name: the policy waits for the environment.
                        Environment = registered.Environment,
                        BranchPattern = policy.Kind == RefKind.Branch ? policy.Name : null!,
                        TagPattern = policy.Kind == RefKind.Tag ? policy.Name : null!,
                    },
                    child);
            }
        }

        var writeCodeOwners = args.WriteCodeOwners ?? args.Plan.Tier == Infra.Access.Definition.Tier.Production;
        if (writeCodeOwners && !repository.CodeOwners.IsEmpty)
        {
            _ = new RepositoryFile($"{repository.Repository}/CODEOWNERS", new RepositoryFileArgs
            {
                Repository = repositoryName,
                File = GovernancePlanner.CodeOwnersPath,
                Content = GitHubRenderer.CodeOwners(args.Plan, repository),
                Branch = BranchOf(repository)!,
                CommitMessage = $"access: CODEOWNERS from {args.Plan.File}",
                // The definition owns the file: an existing CODEOWNERS is replaced, as reviewed in the plan.
                OverwriteOnCreate = true,
            }, child);
        }

        Environments = Output.All(environments);
        RegisterOutputs();
    }

    /// <summary>The repository's CI environments.</summary>
    [Output("environments")]
    public Output<ImmutableArray<string>> Environments { get; }

    /// <summary>One <see cref="RepositoryGovernance"/> per repository of the plan, children of <paramref name="parent"/>.</summary>
    public static ImmutableArray<RepositoryGovernance> ForPlan(Plan plan, Resource? parent = null, ProviderResource? provider = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Governance.Repositories.Select(r => new RepositoryGovernance(r.Repository,
            new RepositoryGovernanceArgs { Plan = plan, Repository = r.Repository },
            new ComponentResourceOptions { Parent = parent, Provider = provider }))];
    }

    private static RepositoryEnvironmentArgs EnvironmentArgs(string repositoryName, GitHubEnvironment environment, InvokeOptions invoke)
    {
        var args = new RepositoryEnvironmentArgs
        {
            Repository = repositoryName,
            Environment = environment.Name,
            PreventSelfReview = environment.PreventSelfReview,
            WaitTimer = environment.WaitTimerMinutes,
            // Admins bypassing the protection rules would make every admin an approver of every run.
            CanAdminsBypass = false,
            DeploymentBranchPolicy = environment.Refs.AnyRef ? null! : new RepositoryEnvironmentDeploymentBranchPolicyArgs
            {
                ProtectedBranches = environment.Refs.ProtectedBranches,
                CustomBranchPolicies = environment.Refs.CustomPolicies,
            },
        };
        if (!environment.Reviewers.IsEmpty)
        {
            var reviewer = new RepositoryEnvironmentReviewerArgs();
            foreach (var principal in environment.Reviewers)
            {
                if (principal.Kind == PrincipalKind.Team)
                {
                    var slug = principal.Name[(principal.Name.IndexOf('/', StringComparison.Ordinal) + 1)..];
                    reviewer.Teams.Add(GetTeam.Invoke(new GetTeamInvokeArgs { Slug = slug, SummaryOnly = true }, invoke).Apply(t => Id(t.Id, principal)));
                }
                else
                {
                    reviewer.Users.Add(GetUser.Invoke(new GetUserInvokeArgs { Username = principal.Name }, invoke).Apply(u => Id(u.Id, principal)));
                }
            }

            args.Reviewers.Add(reviewer);
        }

        return args;
    }

    /// <summary>GitHub's id of a user or team, as the provider returns it (a string of digits).</summary>
    private static int Id(string id, Principal principal) =>
        int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new RunException($"GitHub returned no id for reviewer '{principal.Text}' (got '{id}')");

    /// <summary>The branch CODEOWNERS goes to: the one branch every environment admits, else the default branch (null).</summary>
    private static string? BranchOf(GovernancePlan repository)
    {
        var branches = repository.Environments.SelectMany(e => e.Refs.Custom).Distinct().ToList();
        return branches is [{ Kind: RefKind.Branch } only] ? only.Name : null;
    }
}
