using Infra.Testing;

namespace Infra.Access.Cli.Tests;

public sealed class CliSmokeTests
{
    [Fact]
    public void Plan_WhenStagingIsGiven_ShouldPrintPlanAndExitZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AccessCli.Run(["plan", RepositoryRoot.File("stacks", "staging.yaml")], new CliContext(output, error, new DateOnly(2026, 11, 24)));

        Assert.Equal(0, exit);
        Assert.StartsWith("Environment staging (non-production)", output.ToString(), StringComparison.Ordinal);
        Assert.Empty(error.ToString());
    }
}
