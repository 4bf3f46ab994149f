using System.Diagnostics;
using System.Text;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Runs one script of tests/oracles under node: writes its input on stdin, returns what it printed.
/// The npm package the script needs is required (scripts/test.sh installs it): a missing package or a
/// failing script fails the test with the script's own error, it never skips.
/// </summary>
internal static class NodeOracle
{
    public static readonly string Folder = RepositoryRoot.File("tests", "oracles");

    /// <summary>The script's standard output; <paramref name="package"/> names what must be installed.</summary>
    public static string Run(string script, string package, string name, Action<TextWriter> writeInput)
    {
        ArgumentNullException.ThrowIfNull(writeInput);
        Assert.True(
            Directory.Exists(Path.Combine(Folder, "node_modules", package)),
            $"{name} is not installed: run `npm ci --prefix tests/oracles` (scripts/test.sh does it)");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(Folder, script));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        writeInput(process.StandardInput);
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{name} failed: {errors.Result}");
        return output.Result;
    }
}
