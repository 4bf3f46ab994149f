using System.Diagnostics;
using System.Text;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Runs one script of tests/oracles under node and returns what it printed: either with its input on
/// stdin, or with files written to a fresh folder and named on its command line. The npm package the
/// script needs is required (scripts/test.sh installs it): a missing package fails the test, it never
/// skips; a failing script throws with the script's own error.
/// </summary>
internal static class NodeOracle
{
    public static readonly string Folder = RepositoryRoot.File("tests", "oracles");

    /// <summary>The script's standard output; <paramref name="package"/> names what must be installed.</summary>
    public static string Run(string script, string package, string name, Action<TextWriter> writeInput)
    {
        ArgumentNullException.ThrowIfNull(writeInput);
        return Start(script, package, name, workingDirectory: null, arguments: [], writeInput);
    }

    /// <summary>
    /// Writes each file to a temporary folder (the script's working directory), passes its argument,
    /// and returns the script's standard output. The folder is removed afterwards.
    /// </summary>
    public static string RunOnFiles(string script, string package, string name, IEnumerable<(string Argument, string File, string Content)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var folder = Directory.CreateTempSubdirectory("access-oracle-").FullName;
        try
        {
            var arguments = new List<string>();
            foreach (var (argument, file, content) in files)
            {
                File.WriteAllText(Path.Combine(folder, file), content);
                arguments.Add(argument);
            }

            return Start(script, package, name, folder, arguments, writeInput: null);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Start(string script, string package, string name, string? workingDirectory, IReadOnlyList<string> arguments, Action<TextWriter>? writeInput)
    {
        Assert.True(
            Directory.Exists(Path.Combine(Folder, "node_modules", package)),
            $"{name} is not installed: run `npm ci --prefix tests/oracles` (scripts/test.sh does it)");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = writeInput is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = writeInput is null ? null : new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.ArgumentList.Add(Path.Combine(Folder, script));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (writeInput is not null)
        {
            writeInput(process.StandardInput);
            process.StandardInput.Close();
        }

        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Result
            : throw new InvalidOperationException($"{name} failed: {errors.Result}");
    }
}
