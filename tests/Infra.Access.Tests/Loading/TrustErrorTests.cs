using Infra.Access.Format;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>
/// Issue 11, class 3: trust is part of access. The CI subject template is a closed grammar and an
/// explicit approvalGated means what it says, or the file is refused where it says otherwise.
/// </summary>
public sealed class TrustErrorTests
{
    private const string Template = "    subjectTemplate: \"repo:{repository}:environment:{environment}\"";
    private const string Field = "environment.ci.subjectTemplate";

    [Theory]
    [InlineData("repo:{repository}:*", "holds a wildcard")]
    [InlineData("repo:example-org/*", "holds a wildcard")]
    [InlineData("*", "holds a wildcard")]
    [InlineData("repo:{repository}:environment:prod?", "holds a wildcard")]
    [InlineData("repo:{repository}:ref:refs/heads/main", "ref and pull_request subjects are issued to any job")]
    [InlineData("repo:{repository}:pull_request", "ref and pull_request subjects are issued to any job")]
    [InlineData("repo:{repository}", "does not contain {environment}")]
    [InlineData("repo:example-org/shared:environment:{environment}", "does not contain {repository}")]
    [InlineData("repo:{repository}-fork:environment:{environment}", "literal text")]
    [InlineData("repo:{repository}:environment:{environment}-approval", "literal text")]
    [InlineData("Repo:{repository}:environment:{environment}", "literal text")]
    [InlineData("{repository}:{environment}", "literal text")]
    [InlineData("repo:{repository}:environment:{environment}:job_workflow_ref:example-org/ci/.github/workflows/deploy.yml@refs/heads/main", "customised subject claims are not supported")]
    [InlineData("repository_owner:example-org:repo:{repository}:environment:{environment}", "customised subject claims are not supported")]
    public void Load_WhenSubjectTemplateIsNotTheEnvironmentForm_ShouldRefuseItWithTheReason(string template, string reason)
    {
        var result = Definitions.Load(Definitions.Patch(Template, $"    subjectTemplate: \"{template}\""));

        Definitions.AssertError(result, 13, 22, Field, reason);
        Definitions.AssertError(result, 13, 22, Field, "the only accepted template is " + SubjectTemplate.EnvironmentForm);
    }

    [Fact]
    public void Load_WhenSubjectTemplateIsTheEnvironmentForm_ShouldLoadInEveryTier()
    {
        Assert.Empty(Definitions.Load(Definitions.Minimal).Errors);
        Assert.Empty(Definitions.Load(Production()).Errors);
    }

    [Fact]
    public void Load_WhenApprovalGatedIsTrueWithoutApprovalEnvironment_ShouldRefuseIt()
    {
        var result = Definitions.Load(Definitions.Patch("      - name: deploy", "      - name: deploy\n        approvalGated: true"));

        Definitions.AssertError(result, 35, 24, "pipelines[0].stages[0].approvalGated", "environment.ci.approvalEnvironment is not set");
    }

    [Fact]
    public void Load_WhenApprovalGatedIsFalseOnAProductionWriteStage_ShouldRefuseIt()
    {
        var result = Definitions.Load(Definitions.Patch(Production(), "      - name: deploy", "      - name: deploy\n        approvalGated: false"));

        Definitions.AssertError(result, 36, 24, "pipelines[0].stages[0].approvalGated", "is false on a production stage that writes");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Load_WhenApprovalGatedIsExplicitOnAProductionReadOnlyStage_ShouldLoad(string value)
    {
        var readOnly = Definitions.Patch(Definitions.Patch(Production(), "          - deploy:\n              deployments: [web]\n", "          - read-status:\n"),
            "      - name: deploy", $"      - name: deploy\n        approvalGated: {value}");

        var result = Definitions.Load(readOnly);

        Assert.Empty(result.Errors);
        Assert.Equal(value == "true", result.Definition!.Pipelines[0].Stages[0].ApprovalGated);
    }

    [Fact]
    public void Load_WhenApprovalGatedIsTrueWithAnApprovalEnvironment_ShouldLoadAndGateTheStage()
    {
        var gated = Definitions.Patch(Definitions.Patch("    environment: test", "    environment: test\n    approvalEnvironment: test-approval"),
            "      - name: deploy", "      - name: deploy\n        approvalGated: true");

        var result = Definitions.Load(gated);

        Assert.Empty(result.Errors);
        var pipeline = result.Definition!.Pipelines[0];
        Assert.Equal("test-approval", Access.Planning.Planner.Identity(result.Definition.Environment, pipeline, pipeline.Stages[0]).CiEnvironment);
    }

    /// <summary>The minimal definition made production: an approval environment and a ceiling within production's.</summary>
    private static string Production() =>
        Definitions.Patch(Definitions.Patch(Definitions.Patch("  tier: non-production", "  tier: production"), "    environment: test", "    environment: test\n    approvalEnvironment: test-approval"),
            "  tokenTtlCeiling: 30m", "  tokenTtlCeiling: 15m");
}
