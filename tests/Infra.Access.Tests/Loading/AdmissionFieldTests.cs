using Infra.Access.Definition;
using Infra.Access.Planning;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>Issue 13: the cluster's Kubernetes version and the scale capability's replica bounds.</summary>
public sealed class AdmissionFieldTests
{
    private const string Cidrs = "    apiServerCidrs: [10.0.0.0/28]";

    [Theory]
    [InlineData("'1.29'", 10, 24, "1.29 is older than 1.30")]
    [InlineData("'1.8.15'", 10, 24, "1.8.15 is older than 1.30")]
    [InlineData("'1.29.9'", 10, 24, "the admission policies that hold every write capability")]
    [InlineData("1.31", 10, 24, "expected a string, found the number 1.31")]
    [InlineData("'v1.31'", 10, 24, "a version such as 1.30 or 1.30.4")]
    public void Load_WhenTheClusterVersionIsOlderThanAdmissionPolicies_ShouldRefuseItWhereItStands(string version, int line, int column, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(Cidrs, $"{Cidrs}\n    kubernetesVersion: {version}")), line, column, "environment.cluster.kubernetesVersion", fragment);

    [Theory]
    [InlineData("'1.30'", 1, 30)]
    [InlineData("'1.33.2'", 1, 33)]
    public void Load_WhenTheClusterVersionIsSupported_ShouldKeepIt(string version, int major, int minor)
    {
        var result = Definitions.Load(Definitions.Patch(Cidrs, $"{Cidrs}\n    kubernetesVersion: {version}"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(new Version(major, minor), result.Definition!.Environment.Cluster.KubernetesVersion);
    }

    [Fact]
    public void Load_WhenTheClusterVersionIsLeftOut_ShouldAssumeASupportedOneAndPlanThePolicies()
    {
        var result = Definitions.Load(Definitions.Minimal);

        Assert.Null(result.Definition!.Environment.Cluster.KubernetesVersion);
        Assert.NotEmpty(Planner.Build(result.Definition).Admission.Policies);
    }

    [Fact]
    public void Load_WhenScaleDeclaresBounds_ShouldPlanThemIntoItsPolicy()
    {
        var result = Definitions.Load(Definitions.Patch("              deployments: [web]\n", "              deployments: [web]\n          - scale:\n              deployments: [web]\n              minReplicas: 2\n              maxReplicas: 12\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var use = result.Definition!.Pipelines[0].Stages[0].Capabilities.Single(c => c.Capability.Name == "scale");
        Assert.Equal(new ReplicaBounds(2, 12), use.Replicas);
        var policy = Assert.Single(Planner.Build(result.Definition).Admission.Policies);
        Assert.Contains(policy.Variables, v => v.Name == "scale0" && v.Expression.Contains(" >= 2 && ", StringComparison.Ordinal) && v.Expression.EndsWith(" <= 12", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("              minReplicas: 5\n              maxReplicas: 2\n", 43, 28, "pipelines[0].stages[0].capabilities[2].scale.maxReplicas", "2 is below minReplicas 5")]
    [InlineData("              minReplicas: -1\n", 42, 28, "pipelines[0].stages[0].capabilities[2].scale.minReplicas", "expected a whole number")]
    [InlineData("              replicas: 3\n", 42, 15, "pipelines[0].stages[0].capabilities[2].scale.replicas", "unknown key in scale")]
    public void Load_WhenScaleBoundsAreWrong_ShouldRefuseThem(string bounds, int line, int column, string field, string fragment) =>
        Definitions.AssertError(
            Definitions.Load(Definitions.Patch("              paths: [kv-test/data/web]\n", "              paths: [kv-test/data/web]\n          - scale:\n              deployments: [web]\n" + bounds)),
            line, column, field, fragment);

    [Fact]
    public void Load_WhenBoundsAreGivenToAnotherCapability_ShouldRefuseTheKey() =>
        Definitions.AssertError(
            Definitions.Load(Definitions.Patch("              deployments: [web]\n", "              deployments: [web]\n              maxReplicas: 3\n")),
            38, 15, "pipelines[0].stages[0].capabilities[0].deploy.maxReplicas", "unknown key in deploy");
}
