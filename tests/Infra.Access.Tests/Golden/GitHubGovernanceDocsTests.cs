using Infra.Access.Rendering;
using Infra.Testing;

namespace Infra.Access.Tests.Golden;

/// <summary>Issue 15: the rendered example of docs/github-governance.md is the render of stacks/prod.yaml.</summary>
public sealed class GitHubGovernanceDocsTests
{
    [Theory]
    [InlineData("environments/prod-approval/environment.json", "json")]
    [InlineData("environments/prod/environment.json", "json")]
    [InlineData("environments/prod-approval/deployment-branch-policy-1.json", "json")]
    [InlineData("CODEOWNERS", "")]
    public void GovernancePage_WhenItShowsTheProdExample_ShouldEmbedTheRenderedFile(string file, string fence)
    {
        var page = File.ReadAllText(RepositoryRoot.File("docs", "github-governance.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        var rendered = GitHubRenderer.Render(RenderCases.Plan("stacks-prod")).Files.Single(f => f.Path == $"github/example-org/payments-api/{file}");

        Assert.Contains($"`{file}`", page, StringComparison.Ordinal);
        Assert.True(page.Contains($"```{fence}\n{rendered.Content}```", StringComparison.Ordinal),
            $"docs/github-governance.md: the example of {file} differs from `access render stacks/prod.yaml --format github`; paste the render");
    }
}
