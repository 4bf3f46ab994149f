using System.Text;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>
/// An exception no command expected is a bug: it ends with one line and exit 70, never a stack trace
/// and never an exit code a pipeline reads as a verdict (0 clean, 1 findings, 2 bad input, 3 growth).
/// </summary>
public sealed class InternalErrorTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    [Fact]
    public void Run_WhenACommandThrowsUnexpectedly_ShouldPrintOneLineAndExit70()
    {
        using var error = new StringWriter();

        var exit = AccessCli.Run(["plan", RepositoryRoot.File("stacks", "staging.yaml")], new CliContext(new ThrowingWriter(), error, Today));

        Assert.Equal(70, exit);
        var text = error.ToString();
        Assert.StartsWith("access: error: internal error: InvalidOperationException: the writer broke", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Count(c => c == '\n'));
    }

    [Fact]
    public void Run_WhenAccessDebugIsSet_ShouldLetTheExceptionThrough()
    {
        using var error = new StringWriter();
        var context = new CliContext(new ThrowingWriter(), error, Today, name => name == "ACCESS_DEBUG" ? "1" : null);

        Assert.Throws<InvalidOperationException>(() => AccessCli.Run(["plan", RepositoryRoot.File("stacks", "staging.yaml")], context));
    }

    /// <summary>Stands in for any bug: the first write fails.</summary>
    private sealed class ThrowingWriter : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new InvalidOperationException("the writer broke");

        public override void Write(string? value) => throw new InvalidOperationException("the writer broke");
    }
}
