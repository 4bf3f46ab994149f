using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>One in-process run of the <c>access</c> command line: exit code and both streams.</summary>
internal sealed record CliRun(int Exit, string Out, string Error)
{
    public static readonly DateOnly Today = new(2026, 11, 24);

    public static string Staging { get; } = RepositoryRoot.File("stacks", "staging.yaml");

    public static CliRun Of(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = AccessCli.Run(args, new CliContext(output, error, Today));
        return new CliRun(exit, output.ToString(), error.ToString());
    }
}

/// <summary>A temporary folder for files a test writes; deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("access-cli-").FullName;

    public string File(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
