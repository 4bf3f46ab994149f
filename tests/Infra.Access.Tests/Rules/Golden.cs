namespace Infra.Access.Tests.Rules;

/// <summary>Golden files: compare, or with UPDATE_GOLDEN=1 (scripts/update-golden.sh) rewrite them.</summary>
internal static class Golden
{
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static void AssertMatches(string path, string expected)
    {
        if (Updating)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing; run scripts/update-golden.sh");
        Assert.Equal(expected, File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
