using System.Collections.Immutable;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Components.GitHub;
using Infra.Testing;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Components.GitHub.Tests;

/// <summary>Issue 15: the RepositoryGovernance component registers each repository's governance exactly as planned.</summary>
[Collection(PulumiTests.Name)]
public sealed class RepositoryGovernanceTests
{
    private const string Environment = "github:index/repositoryEnvironment:RepositoryEnvironment";
    private const string Policy = "github:index/repositoryEnvironmentDeploymentPolicy:RepositoryEnvironmentDeploymentPolicy";
    private const string File = "github:index/repositoryFile:RepositoryFile";

    private static Plan StackPlan(string environment, Func<string, string>? edit = null)
    {
        var text = System.IO.File.ReadAllText(RepositoryRoot.File("stacks", environment + ".yaml"));
        var result = DefinitionLoader.Load(edit is null ? text : edit(text), $"stacks/{environment}.yaml");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Planner.Build(result.Definition!);
    }

    private static async Task<GitHubMocks> Declare(Plan plan)
    {
        var mocks = new GitHubMocks();
        await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, () => _ = RepositoryGovernance.ForPlan(plan));
        return mocks;
    }

    [Fact]
    public async Task ForPlan_ForProd_ShouldRegisterEveryRepositorysEnvironmentsPoliciesAndCodeOwners()
    {
        var plan = StackPlan("prod");

        var mocks = await Declare(plan);

        var registered = mocks.Echo.Registered;
        Assert.Equal(plan.Governance.Repositories.Select(r => r.Repository), registered.Where(r => r.Type == RepositoryGovernance.TypeToken).Select(r => r.Name));
        Assert.Equal(
            plan.Governance.Repositories.SelectMany(r => r.Environments.Select(e => $"{r.Repository[(r.Repository.IndexOf('/') + 1)..]}:{e.Name}")).Order(StringComparer.Ordinal),
            registered.Where(r => r.Type == Environment).Select(r => $"{r.Text("repository")}:{r.Text("environment")}").Order(StringComparer.Ordinal));
        Assert.All(registered.Where(r => r.Type == Policy), p => Assert.Equal("main", p.Text("branchPattern")));
        Assert.Equal(plan.Governance.Repositories.Sum(r => r.Environments.Sum(e => e.Refs.Custom.Length)), registered.Count(r => r.Type == Policy));
        var files = registered.Where(r => r.Type == File).ToList();
        Assert.Equal(plan.Governance.Repositories.Count(r => !r.CodeOwners.IsEmpty), files.Count);
        var payments = plan.Governance.Of("example-org/payments-api")!;
        var file = files.Single(f => f.Text("repository") == "payments-api");
        Assert.Equal((".github/CODEOWNERS", "main", GitHubRenderer.CodeOwners(plan, payments), true),
            (file.Text("file"), file.Text("branch"), file.Text("content"), file.At("overwriteOnCreate")));
    }

    [Fact]
    public async Task ForPlan_ForTheApprovalEnvironment_ShouldRequireTheApproversByIdAndPreventSelfReview()
    {
        var plan = StackPlan("prod", t => t.Replace("approvers: [erin-release]", "approvers: [erin-release, '@example-org/release-leads']", StringComparison.Ordinal));

        var mocks = await Declare(plan);

        var approval = mocks.Echo.Registered.Single(r => r.Type == Environment && r.Text("repository") == "orders-worker" && r.Text("environment") == "prod-approval");
        Assert.Equal(true, approval.At("preventSelfReview"));
        Assert.Equal(false, approval.At("canAdminsBypass"));
        // Numbers reach the mock as the engine serializes them (doubles).
        Assert.Equal(5, Number(approval.At("waitTimer")));
        Assert.Equal(false, approval.At("deploymentBranchPolicy.protectedBranches"));
        Assert.Equal(true, approval.At("deploymentBranchPolicy.customBranchPolicies"));
        var reviewers = Assert.Single(Assert.IsAssignableFrom<IEnumerable<object>>(approval.At("reviewers")));
        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object>>(reviewers);
        Assert.Equal([GitHubMocks.IdOf("erin-release")], Assert.IsAssignableFrom<IEnumerable<object>>(map["users"]).Select(Number));
        Assert.Equal([GitHubMocks.IdOf("release-leads")], Assert.IsAssignableFrom<IEnumerable<object>>(map["teams"]).Select(Number));
        Assert.Contains(("github:index/getTeam:getTeam", "release-leads"), mocks.Calls);

        var plain = mocks.Echo.Registered.Single(r => r.Type == Environment && r.Text("repository") == "orders-worker" && r.Text("environment") == "prod");
        Assert.Null(plain.At("reviewers"));
        Assert.Equal(false, plain.At("preventSelfReview"));
    }

    [Fact]
    public async Task ForPlan_ForStaging_ShouldNotWriteCodeOwners()
    {
        var plan = StackPlan("staging");

        var mocks = await Declare(plan);

        Assert.Contains(mocks.Echo.Registered, r => r.Type == Environment);
        Assert.DoesNotContain(mocks.Echo.Registered, r => r.Type == File);
    }

    [Fact]
    public async Task ForPlan_WhenATagIsTheRef_ShouldRegisterATagPattern()
    {
        var plan = StackPlan("prod", t => t.Replace("    repository: example-org/ledger\n    ref: refs/heads/main", "    repository: example-org/ledger\n    ref: refs/tags/v2.0.1", StringComparison.Ordinal));

        var mocks = await Declare(plan);

        var policies = mocks.Echo.Registered.Where(r => r.Type == Policy && r.Name.StartsWith("example-org/ledger/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.Equal(("v2.0.1", null), (p.Text("tagPattern"), p.Text("branchPattern"))));
        // No branch is admitted: CODEOWNERS goes to the default branch.
        Assert.Null(mocks.Echo.Registered.Single(r => r.Type == File && r.Text("repository") == "ledger").Text("branch"));
    }

    private static int Number(object? value) => Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The echo mock, answering GitHub's user and team look-ups with a stable id per name.</summary>
    private sealed class GitHubMocks : IMocks
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string, string)> _calls = new();

        public EchoMocks Echo { get; } = new();

        public IReadOnlyList<(string Token, string Name)> Calls => [.. _calls];

        public static int IdOf(string name) => 1000 + (name.Aggregate(17, (h, c) => unchecked((h * 31) + c)) & 0xFFFF);

        public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args) => Echo.NewResourceAsync(args);

        public Task<object> CallAsync(MockCallArgs args)
        {
            ArgumentNullException.ThrowIfNull(args);
            var name = args.Token switch
            {
                "github:index/getUser:getUser" => (string)args.Args["username"],
                "github:index/getTeam:getTeam" => (string)args.Args["slug"],
                _ => throw new InvalidOperationException($"unexpected invoke {args.Token}"),
            };
            _calls.Enqueue((args.Token!, name));
            return Task.FromResult<object>(ImmutableDictionary<string, object>.Empty.Add("id", IdOf(name).ToString(System.Globalization.CultureInfo.InvariantCulture)).Add("login", name).Add("slug", name));
        }
    }
}
