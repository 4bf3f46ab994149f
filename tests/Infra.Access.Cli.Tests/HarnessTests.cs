using System.Diagnostics;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>Issue 12, the harness's silent paths, for this test project and for the test command.</summary>
public sealed class HarnessTests
{
    [Fact]
    public void TheoryData_WhenTwoRowsAreEqual_ShouldFailBecauseXunitRunsOnlyOne()
    {
        var duplicates = TheoryDataDuplicates.In(typeof(HarnessTests).Assembly);

        Assert.True(duplicates.Count == 0, "theory rows xUnit would skip as duplicates:\n" + string.Join('\n', duplicates));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("")]
    public async Task TestCommand_WhenUpdateGoldenIsSet_ShouldRefuseToRun(string value)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryRoot.File("scripts", "test.sh"));
        start.Environment["UPDATE_GOLDEN"] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Empty(await output);
        Assert.Contains("UPDATE_GOLDEN is set", error, StringComparison.Ordinal);
    }
}
