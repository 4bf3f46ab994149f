using System.Text;
using Infra.Testing;

namespace Infra.Access.Tests.Golden;

/// <summary>
/// Expected files kept in the repository: the one helper every golden, generated or mirrored file
/// goes through. With UPDATE_GOLDEN=1 (scripts/update-golden.sh) a test rewrites them instead of
/// comparing, and only those whose content changed, so the script's list of changes is exact;
/// review the diff like any other change.
/// </summary>
internal static class GoldenFiles
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>
    /// Held while a test reads, regenerates and writes a section of a shared file (README.md): test
    /// classes run in parallel, and two sections rewritten at once would lose one of the updates.
    /// </summary>
    public static Lock SharedFile { get; } = new();

    /// <summary>Compares <paramref name="actual"/> with the file, or rewrites the file when updating.</summary>
    public static void AssertMatches(string path, string actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        if (Updating)
        {
            // Equal content keeps the file untouched (same bytes and timestamp), so nothing looks changed.
            if (!File.Exists(path) || File.ReadAllText(path) != actual)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, actual, new UTF8Encoding(false));
            }

            return;
        }

        Assert.True(File.Exists(path), $"missing golden file {Relative(path)}: run scripts/update-golden.sh and review the new file");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            Assert.Fail($"{Relative(path)} is out of date (run scripts/update-golden.sh and review the diff). First difference: {FirstDifference(expected, actual)}");
        }
    }

    public static string Relative(string path) => Path.GetRelativePath(RepositoryRoot.Path, path).Replace('\\', '/');

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return $"line {i + 1}\n  expected: {e}\n  actual:   {a}";
            }
        }

        return "none";
    }
}
