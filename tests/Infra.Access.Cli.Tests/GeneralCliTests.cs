namespace Infra.Access.Cli.Tests;

/// <summary>What every command shares: --help, usage errors (exit 2) and clean error output.</summary>
public sealed class GeneralCliTests
{
    [Theory]
    [InlineData("check", "Validate definitions")]
    [InlineData("plan", "Show what a definition declares")]
    [InlineData("render", "Render the declarations of one system")]
    [InlineData("schema", "Print the JSON Schema")]
    [InlineData("capabilities", "Print the capability catalog")]
    public void Help_WhenAskedOfACommand_ShouldDescribeItAndExitZero(string command, string description)
    {
        var run = CliRun.Of(command, "--help");

        Assert.Equal(0, run.Exit);
        Assert.Contains(description, run.Out, StringComparison.Ordinal);
        // In tests the root command is named after the test host, so only the command's own name is checked.
        Assert.Matches($"Usage:\n  \\S+ {command}( |\n)", run.Out);
        Assert.Empty(run.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_WhenAskedOfTheRoot_ShouldListEveryCommand(string option)
    {
        var run = CliRun.Of(option);

        Assert.Equal(0, run.Exit);
        Assert.All(["check", "plan", "render", "schema", "capabilities"], c => Assert.Contains(c, run.Out, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("plan", "--verbose", "stacks/staging.yaml")]
    [InlineData("render", "stacks/staging.yaml", "--format", "kubernetes", "--color")]
    [InlineData("plan")]
    [InlineData("plan", "a.yaml", "b.yaml")]
    [InlineData("render", "stacks/staging.yaml")]
    [InlineData("render", "stacks/staging.yaml", "--format", "terraform")]
    [InlineData("plan", "stacks/staging.yaml", "--format", "xml")]
    [InlineData("schema", "extra")]
    public void Run_WhenTheCommandLineIsWrong_ShouldExitTwoWithUsageErrorOnStderr(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.Exit);
        Assert.Empty(run.Out);
        Assert.StartsWith("access: error: ", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("Run 'access --help' for usage.\n", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WhenNoCommandIsGiven_ShouldExitTwo()
    {
        var run = CliRun.Of();

        Assert.Equal(2, run.Exit);
        Assert.Contains("access: error: ", run.Error, StringComparison.Ordinal);
    }
}
