using Infra.Access.Loading;
using Infra.Testing;

namespace Infra.Access.Tests.Loading;

/// <summary>Issue 15: what the loader refuses in the fields GitHub governance is planned from (exit 2, located).</summary>
public sealed class GovernanceErrorTests
{
    private static readonly string Prod = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));

    [Theory]
    [InlineData("approvers: [carol-release]", "approvers: ['carol release']", "pipelines[0].approvers[0]")]
    [InlineData("approvers: [carol-release]", "approvers: ['carol#x']", "pipelines[0].approvers[0]")]
    [InlineData("approvers: [carol-release]", "approvers: ['!carol']", "pipelines[0].approvers[0]")]
    [InlineData("approvers: [carol-release]", "approvers: ['-carol']", "pipelines[0].approvers[0]")]
    [InlineData("approvers: [carol-release]", "approvers: ['@example-org']", "pipelines[0].approvers[0]")]
    [InlineData("approvers: [carol-release]", "approvers: ['@example-org/team/sub']", "pipelines[0].approvers[0]")]
    [InlineData("approvers: [carol-release]", "approvers: ['@example-org/*']", "pipelines[0].approvers[0]")]
    [InlineData("maintainers: [alice-payments, bob-payments]", "maintainers: [alice-payments, 'bob payments']", "pipelines[0].maintainers[1]")]
    [InlineData("    repository: example-org/payments-api\n    ref: refs/heads/main", "    repository: example-org/payments-api\n    ref: refs/heads/*", "pipelines[0].ref")]
    [InlineData("    repository: example-org/payments-api\n    ref: refs/heads/main", "    repository: example-org/payments-api\n    ref: refs/heads/main*", "pipelines[0].ref")]
    [InlineData("    repository: example-org/payments-api\n    ref: refs/heads/main", "    repository: example-org/payments-api\n    ref: 'refs/heads/[m]ain'", "pipelines[0].ref")]
    [InlineData("    repository: example-org/payments-api\n", "    repository: example-org/..\n", "pipelines[0].repository")]
    [InlineData("        workflow: .github/workflows/deploy.yml", "        workflow: .github/deploy.yml", "pipelines[0].stages[1].workflow")]
    [InlineData("        workflow: .github/workflows/deploy.yml", "        workflow: '.github/workflows/de ploy.yml'", "pipelines[0].stages[1].workflow")]
    [InlineData("        workflow: .github/workflows/deploy.yml", "        workflow: '.github/workflows/*.yml'", "pipelines[0].stages[1].workflow")]
    [InlineData("        workflow: .github/workflows/deploy.yml", "        workflow: '.github/workflows/deploy.yml #x'", "pipelines[0].stages[1].workflow")]
    [InlineData("        workflow: .github/workflows/deploy.yml", "        workflow: .github/workflows/sub/deploy.yml", "pipelines[0].stages[1].workflow")]
    [InlineData("approvalWaitTimer: 5m ", "approvalWaitTimer: 90s ", "environment.ci.approvalWaitTimer")]
    [InlineData("approvalWaitTimer: 5m ", "approvalWaitTimer: 721h ", "environment.ci.approvalWaitTimer")]
    [InlineData("    approvalEnvironment: prod-approval\n", "", "environment.ci.approvalWaitTimer")]
    public void Load_WhenAGovernanceFieldIsUnsafe_ShouldRefuseItAtTheField(string from, string to, string field)
    {
        Assert.Contains(from, Prod, StringComparison.Ordinal);

        var result = DefinitionLoader.Load(Prod.Replace(from, to, StringComparison.Ordinal), "stacks/prod.yaml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.ToString().Contains($": {field}: ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("approvers: [carol-release]", "approvers: ['@example-org/release-leads', carol-release]")]
    [InlineData("approvers: [carol-release]", "approvers: ['@Example-Org/Release_Leads']")]
    [InlineData("approvalWaitTimer: 5m ", "approvalWaitTimer: 720h ")]
    [InlineData("approvalWaitTimer: 5m ", "approvalWaitTimer: 1h30m ")]
    public void Load_WhenAGovernanceFieldIsValid_ShouldAcceptIt(string from, string to)
    {
        var result = DefinitionLoader.Load(Prod.Replace(from, to, StringComparison.Ordinal), "stacks/prod.yaml");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
