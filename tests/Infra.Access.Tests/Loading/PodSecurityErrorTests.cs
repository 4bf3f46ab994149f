using Infra.Access.Definition;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>
/// The podSecurity override of a pipeline: a level Kubernetes knows below restricted, and a reason a
/// reviewer can read, or a located error.
/// </summary>
public sealed class PodSecurityErrorTests
{
    private const string Find = "    namespaces: [web-test]";

    [Theory]
    [InlineData("    podSecurity:\n      level: root\n      reason: the image runs as root", 30, 14, "pipelines[0].podSecurity.level", "'root' is not one of: baseline, privileged")]
    [InlineData("    podSecurity:\n      level: Baseline\n      reason: the image runs as root", 30, 14, "pipelines[0].podSecurity.level", "'Baseline' is not one of")]
    [InlineData("    podSecurity:\n      level: restricted\n      reason: the image runs as root", 30, 14, "pipelines[0].podSecurity.level", "'restricted' is not one of: baseline, privileged")]
    [InlineData("    podSecurity:\n      level: baseline", 30, 7, "pipelines[0].podSecurity.reason", "required key is missing")]
    [InlineData("    podSecurity:\n      level: baseline\n      reason: \"\"", 31, 15, "pipelines[0].podSecurity.reason", "is too short to be a reason")]
    [InlineData("    podSecurity:\n      level: baseline\n      reason: \"          \"", 31, 15, "pipelines[0].podSecurity.reason", "is too short to be a reason")]
    [InlineData("    podSecurity:\n      level: baseline\n      reason: legacy", 31, 15, "pipelines[0].podSecurity.reason", "is too short to be a reason")]
    [InlineData("    podSecurity:\n      level: baseline\n      reason: the image runs as root\n      namespaces: [web-test]", 32, 7, "pipelines[0].podSecurity.namespaces", "unknown key")]
    [InlineData("    podSecurity: baseline", 29, 18, "pipelines[0].podSecurity", "expected a mapping")]
    public void Load_WhenTheOverrideIsInvalid_ShouldRefuseItWhereItIsWritten(string podSecurity, int line, int column, string field, string fragment) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch(Find, Find + "\n" + podSecurity)), line, column, field, fragment);

    [Theory]
    [InlineData("baseline", PodSecurityLevel.Baseline)]
    [InlineData("privileged", PodSecurityLevel.Privileged)]
    public void Load_WhenTheOverrideNamesALevelAndAReason_ShouldKeepBoth(string level, PodSecurityLevel expected)
    {
        var result = Definitions.Load(Definitions.Patch(Find, Find + $"\n    podSecurity:\n      level: {level}\n      reason: \"  the image runs nginx as root  \""));

        Assert.Empty(result.Errors);
        var pipeline = result.Definition!.Pipelines.Single();
        Assert.Equal(expected, PodSecurity.LevelOf(pipeline));
        Assert.Equal("the image runs nginx as root", pipeline.PodSecurity!.Reason);
        Assert.Equal(30, pipeline.PodSecurity.Location.Line);
    }

    [Fact]
    public void Load_WhenThereIsNoOverride_ShouldEnforceRestricted()
    {
        var pipeline = Definitions.Load(Definitions.Minimal).Definition!.Pipelines.Single();

        Assert.Null(pipeline.PodSecurity);
        Assert.Equal(PodSecurityLevel.Restricted, PodSecurity.LevelOf(pipeline));
    }
}
