using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Governance;

/// <summary>
/// Plans what each pipeline repository's GitHub settings must enforce: the approval environment
/// (required reviewers = the approvers, self-review prevented, the declared wait timer), the plain
/// CI environment (no reviewers), both admitting only the pipelines' refs, and CODEOWNERS lines that
/// give the maintainers the workflow files the stages run from. GitHub environments and CODEOWNERS
/// belong to a repository, so pipelines sharing one repository share them: the union is planned and
/// the GHB rules judge it against each pipeline.
/// </summary>
public static class GovernancePlanner
{
    /// <summary>GitHub's largest wait timer: 43,200 minutes (30 days).</summary>
    public static TimeSpan MaxWaitTimer { get; } = TimeSpan.FromMinutes(43200);

    /// <summary>Where CODEOWNERS lives; the entries protect the file itself too.</summary>
    public const string CodeOwnersPath = ".github/CODEOWNERS";

    /// <summary>
    /// The CODEOWNERS line for every workflow file of the repository, before the per-workflow lines
    /// (GitHub applies the last matching line, so those keep their own owners). Without it, a workflow
    /// file no stage names is owned by no one: a new one can ask for the CI environment (the Azure
    /// federated credential trusts the environment, not the workflow), and a reusable workflow a
    /// stage's workflow calls (<c>uses: ./.github/workflows/...</c>, which GitHub keeps in this folder)
    /// runs with the stage's token, both merged with any reviewer's approval.
    /// </summary>
    public const string WorkflowsPattern = "/.github/workflows/";

    public static GovernancePlan Build(EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var env = definition.Environment;
        // Decommissioned pipelines hold nothing and may never come back; paused and suspended ones
        // keep their governance, so resuming them needs no change on GitHub, and an environment
        // that stays declared cannot be recreated without protection by a job that names it.
        var byRepository = definition.Pipelines
            .Where(p => p.State != PipelineState.Decommissioned)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .GroupBy(p => p.Repository, UpstreamNames.GitHub);
        var repositories = new List<RepositoryGovernance>();
        foreach (var group in byRepository)
        {
            var pipelines = group.ToList();
            var first = pipelines[0];
            var owner = new Owner(first.Name, null, first.Location);
            var repository = first.Repository;
            var refs = Refs(pipelines);
            var environments = ImmutableArray.CreateBuilder<GitHubEnvironment>();
            environments.Add(new GitHubEnvironment(repository, env.Ci.Environment, false, [], false, 0, refs, owner));
            if (env.Ci.ApprovalEnvironment is { } approval)
            {
                var reviewers = Principals(pipelines.SelectMany(p => p.Approvers));
                var wait = env.Ci.ApprovalWaitTimer is { } timer ? (int)timer.TotalMinutes : 0;
                environments.Add(new GitHubEnvironment(repository, approval, true, reviewers, true, wait, refs, owner));
            }

            repositories.Add(new RepositoryGovernance(repository, [.. pipelines.Select(p => p.Name)],
                [.. environments.OrderBy(e => e.Name, StringComparer.Ordinal)], CodeOwners(pipelines, owner), owner));
        }

        return new GovernancePlan([.. repositories.OrderBy(r => r.Repository, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.Repository, StringComparer.Ordinal)]);
    }

    /// <summary>The repository's pipelines' refs as custom policies; any pipeline without a ref leaves protected branches only.</summary>
    private static DeploymentRefs Refs(List<Pipeline> pipelines)
    {
        if (pipelines.Any(p => p.Ref is null))
        {
            // Outside production a pipeline may omit its ref: the narrowest policy GitHub can still
            // express without one is "protected branches only" (GHB004 judges it against the others' refs).
            return new DeploymentRefs(true, []);
        }

        return new DeploymentRefs(false, [.. pipelines
            .Select(p => PolicyOf(p.Ref!))
            .Distinct()
            .OrderBy(b => b.Kind).ThenBy(b => b.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The policy admitting exactly a full ref (the loader admits refs/heads/ and refs/tags/ only, without pattern characters).</summary>
    public static BranchPolicy PolicyOf(string gitRef)
    {
        ArgumentNullException.ThrowIfNull(gitRef);
        const string Tags = "refs/tags/";
        const string Heads = "refs/heads/";
        return gitRef.StartsWith(Tags, StringComparison.Ordinal)
            ? new BranchPolicy(gitRef[Tags.Length..], RefKind.Tag)
            : new BranchPolicy(gitRef.StartsWith(Heads, StringComparison.Ordinal) ? gitRef[Heads.Length..] : gitRef, RefKind.Branch);
    }

    /// <summary>
    /// One line per workflow file a stage names, owned by the maintainers of the pipelines naming it,
    /// and one for CODEOWNERS itself owned by every maintainer of the repository: without it, a pull
    /// request could drop the workflow lines and be approved by anyone with write access. Before the
    /// per-workflow lines, one for the whole workflows folder (<see cref="WorkflowsPattern"/>), owned by
    /// every maintainer of the repository.
    /// </summary>
    private static ImmutableArray<CodeOwnersEntry> CodeOwners(List<Pipeline> pipelines, Owner owner)
    {
        var entries = ImmutableArray.CreateBuilder<CodeOwnersEntry>();
        var workflows = pipelines
            .SelectMany(p => p.Stages.Where(s => s.Workflow is not null).Select(s => (Pipeline: p, s.Workflow)))
            .GroupBy(w => w.Workflow!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        if (workflows.Count == 0)
        {
            return [];
        }

        entries.Add(new CodeOwnersEntry("/" + CodeOwnersPath, Principals(pipelines.SelectMany(p => p.Maintainers)), owner));
        entries.Add(new CodeOwnersEntry(WorkflowsPattern, Principals(pipelines.SelectMany(p => p.Maintainers)), owner));
        foreach (var workflow in workflows)
        {
            var first = workflow.First().Pipeline;
            entries.Add(new CodeOwnersEntry("/" + workflow.Key, Principals(workflow.Select(w => w.Pipeline).Distinct().SelectMany(p => p.Maintainers)),
                new Owner(first.Name, null, first.Location)));
        }

        return entries.ToImmutable();
    }

    /// <summary>Distinct as GitHub compares them (ignoring case), the first spelling kept, in a stable order.</summary>
    private static ImmutableArray<Principal> Principals(IEnumerable<string> names) =>
        [.. names.Distinct(UpstreamNames.GitHub)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ThenBy(n => n, StringComparer.Ordinal)
            .Select(Principal.Parse)];
}
