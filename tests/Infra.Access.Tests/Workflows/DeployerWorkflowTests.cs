using Infra.Testing;
using YamlDotNet.RepresentationModel;

namespace Infra.Access.Tests.Workflows;

/// <summary>
/// Issue 17: `pulumi up` runs as the environment's deployer, signed in with OIDC, and the preview of a
/// pull request as a read-only identity. Read from the workflow files, as GitHub reads them.
/// </summary>
public sealed class DeployerWorkflowTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void Deploy_WhenAnEnvironmentIsDeployed_ShouldSignInAsItsDeployerWithOidcOnly(string stack)
    {
        var job = DeployJob(stack);

        // The deployer's variables live in the GitHub environment: only this job, after its approval, gets them.
        Assert.Equal(stack, Text(job, "environment"));
        Assert.Equal("write", Text((YamlMappingNode)job["permissions"], "id-token"));
        Assert.Equal("${{ vars.DEPLOYER_CLIENT_ID }}", Text(With(job, "azure/login@"), "client-id"));
        Assert.Equal("${{ vars.VAULT_DEPLOYER_ROLE }}", Text(With(job, "hashicorp/vault-action@"), "role"));
        Assert.Equal("jwt", Text(With(job, "hashicorp/vault-action@"), "method"));
        Assert.Equal("${{ vars.DEPLOYER_CLIENT_ID }}", Text((YamlMappingNode)UsesStep(job, "pulumi/actions@")["env"], "ARM_CLIENT_ID"));
        var text = Raw("deploy.yml");
        Assert.DoesNotContain("CLIENT_SECRET", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.VAULT_TOKEN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secrets.KUBECONFIG", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--admin", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Preview_WhenAPullRequestIsPreviewed_ShouldSignInAsTheReadOnlyIdentity()
    {
        var job = (YamlMappingNode)((YamlMappingNode)Load("pull-request.yml")["jobs"])["preview"];

        Assert.Equal("${{ vars.PREVIEW_CLIENT_ID }}", Text(With(job, "azure/login@"), "client-id"));
        Assert.Equal("${{ vars.VAULT_PREVIEW_ROLE }}", Text(With(job, "hashicorp/vault-action@"), "role"));
        Assert.Equal("preview", Text(With(job, "pulumi/actions@"), "command"));
        Assert.Equal("${{ vars.PREVIEW_CLIENT_ID }}", Text((YamlMappingNode)UsesStep(job, "pulumi/actions@")["env"], "ARM_CLIENT_ID"));
        // No environment: a pull request never reaches the deployer's environment variables.
        Assert.Null(Text(job, "environment"));
        Assert.DoesNotContain("DEPLOYER", Raw("pull-request.yml"), StringComparison.Ordinal);
        Assert.DoesNotContain("DEPLOYER", Raw("access-verdict.yml"), StringComparison.Ordinal);
    }

    private static YamlMappingNode DeployJob(string stack) => (YamlMappingNode)((YamlMappingNode)Load("deploy.yml")["jobs"])[stack];

    private static string Raw(string file) => File.ReadAllText(RepositoryRoot.File(".github", "workflows", file));

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(Raw(file));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode UsesStep(YamlMappingNode job, string action) =>
        ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>().Single(s => Text(s, "uses")?.StartsWith(action, StringComparison.Ordinal) == true);

    private static YamlMappingNode With(YamlMappingNode job, string action) => (YamlMappingNode)UsesStep(job, action)["with"];

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;
}
