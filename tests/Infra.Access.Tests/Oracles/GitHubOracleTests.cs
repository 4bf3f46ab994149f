using System.Text.Json.Nodes;
using Infra.Access.Rendering;
using Infra.Access.Tests.Golden;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Oracle: GitHub's own OpenAPI description of its REST API (npm @octokit/openapi, installed by
/// scripts/test.sh into tests/oracles) judges every rendered body, with ajv: the request-body schema
/// of "Create or update an environment" (repos/create-or-update-environment) and "Create a deployment
/// branch policy" (repos/create-deployment-branch-policy), taken from the description by operation id,
/// $refs resolved. Node is required: a missing package fails these tests, it never skips them.
/// </summary>
public sealed class GitHubOracleTests
{
    private const string Environment = "repos/create-or-update-environment";
    private const string BranchPolicy = "repos/create-deployment-branch-policy";

    /// <summary>One run of the oracle over every case's bodies: reading GitHub's description takes seconds, once is enough.</summary>
    [Fact]
    public void Render_WhenBodiesAreJudgedByGitHubsDescription_ShouldBeValidRequestBodies()
    {
        var bodies = new List<(string Operation, string Name, string Content)>();
        foreach (var name in RenderCases.Names())
        {
            var plan = RenderCases.Plan(name);
            // Test ids stand for what GitHub's users and teams endpoints answer; the renderer takes them as given.
            var ids = plan.Governance.Repositories.SelectMany(r => r.Environments).SelectMany(e => e.Reviewers)
                .Select(r => r.Text).Distinct(StringComparer.OrdinalIgnoreCase).Select((r, i) => (r, Id: 4532992L + i))
                .ToDictionary(p => p.r, p => p.Id, StringComparer.OrdinalIgnoreCase);
            var render = GitHubRenderer.Render(plan, ids);
            Assert.Empty(render.Unresolved);
            var files = render.Files.Where(f => f.Path.EndsWith(".json", StringComparison.Ordinal)).ToList();
            Assert.Equal(plan.Governance.Repositories.Sum(r => r.Environments.Length + r.Environments.Sum(e => e.Refs.Custom.Length)), files.Count);
            bodies.AddRange(files.Select(f => (OperationOf(f.Path), $"{name}/{f.Path}", f.Content)));
        }

        Assert.Contains(bodies, b => b.Operation == BranchPolicy);
        var result = Validate(bodies);

        Assert.Equal(bodies.Count, result["files"]!.AsObject().Count);
        Assert.All(result["files"]!.AsObject(), file => Assert.True(file.Value is null, $"{file.Key}: {file.Value?.ToJsonString()}"));
        Assert.Equal("PUT /repos/{owner}/{repo}/environments/{environment_name}", result["operations"]![Environment]!.GetValue<string>());
        // Beyond the schema, which declares neither: every reviewer has an id, and the wait timer lies in GitHub's documented 0..43200 minutes.
        foreach (var body in bodies.Where(b => b.Operation == Environment).Select(b => JsonNode.Parse(b.Content)!))
        {
            Assert.All(body["reviewers"]!.AsArray(), r => Assert.True(r!["id"]!.GetValue<long>() > 0));
            Assert.InRange(body["wait_timer"]!.GetValue<int>(), 0, 43200);
        }
    }

    [Fact]
    public void Oracle_WhenBodiesAreWrong_ShouldRefuseEach()
    {
        var result = Validate(
        [
            (Environment, "string-timer.json", "{\"wait_timer\": \"30\"}"),
            (Environment, "unknown-reviewer-type.json", "{\"reviewers\": [{\"type\": \"Person\", \"id\": 1}]}"),
            (Environment, "bypass.json", "{\"can_admins_bypass\": false}"),
            (Environment, "half-policy.json", "{\"deployment_branch_policy\": {\"protected_branches\": false}}"),
            (BranchPolicy, "no-name.json", "{\"type\": \"branch\"}"),
            (BranchPolicy, "ref-type.json", "{\"name\": \"main\", \"type\": \"ref\"}"),
            (BranchPolicy, "right.json", "{\"name\": \"main\", \"type\": \"branch\"}"),
        ]);

        var files = result["files"]!.AsObject();
        Assert.All(files.Where(f => f.Key != "right.json"), f => Assert.True(f.Value is JsonArray { Count: > 0 }, $"{f.Key} was accepted"));
        Assert.Null(files["right.json"]);
        Assert.Equal("POST /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies", result["operations"]![BranchPolicy]!.GetValue<string>());
    }

    [Fact]
    public void Render_WhenNoIdsAreGiven_ShouldNameTheReviewersAndListThemUnresolved()
    {
        var plan = RenderCases.Plan("stacks-prod");

        var render = GitHubRenderer.Render(plan);

        Assert.Equal(["carol-release", "erin-release", "grace-security-lead", "ivan-release"], render.Unresolved.AsEnumerable());
        var body = JsonNode.Parse(render.Files.Single(f => f.Path == "github/example-org/payments-api/environments/prod-approval/environment.json").Content)!;
        Assert.Equal("{\"type\":\"User\",\"login\":\"carol-release\"}", body["reviewers"]![0]!.ToJsonString());
    }

    private static string OperationOf(string path) => path.EndsWith("/environment.json", StringComparison.Ordinal) ? Environment : BranchPolicy;

    /// <summary>Writes the bodies to a temporary folder and returns the oracle's verdict: operations judged, and per file null or ajv's errors.</summary>
    private static JsonObject Validate(IReadOnlyList<(string Operation, string Name, string Content)> bodies)
    {
        var output = NodeOracle.RunOnFiles(
            "github-openapi.js",
            "@octokit/openapi",
            "GitHub's OpenAPI description",
            bodies.Select(b => ($"{b.Operation}={Flat(b.Name)}", Flat(b.Name), b.Content)));
        var parsed = JsonNode.Parse(output)!.AsObject();
        // Keyed back by the names given, not the flattened file names.
        var files = new JsonObject();
        foreach (var (_, name, _) in bodies)
        {
            files[name] = parsed["files"]![Flat(name)]?.DeepClone();
        }

        parsed["files"] = files;
        return parsed;
    }

    private static string Flat(string name) => name.Replace('/', '_');
}
