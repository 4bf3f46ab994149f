using Infra.Access.Loading;
using Infra.Testing;

namespace Infra.Access.Tests.Fixtures;

/// <summary>
/// The minimal valid definition (Fixtures/minimal.yaml) and ways to break it: parser tests patch
/// one line so each case shows exactly the mistake it tests.
/// </summary>
internal static class Definitions
{
    public const string MinimalFile = "minimal.yaml";

    public static string Minimal { get; } = Read("tests", "Infra.Access.Tests", "Fixtures", MinimalFile);

    /// <summary>Reads a repository file with '\n' line endings, whatever the checkout did.</summary>
    public static string Read(params string[] parts) =>
        File.ReadAllText(RepositoryRoot.File(parts)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>The minimal definition with <paramref name="find"/> (which must occur exactly once) replaced.</summary>
    public static string Patch(string find, string replace) => Patch(Minimal, find, replace);

    public static string Patch(string text, string find, string replace)
    {
        var first = text.IndexOf(find, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(find, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{find}' must occur exactly once in the definition", nameof(find));
        }

        return string.Concat(text.AsSpan(0, first), replace, text.AsSpan(first + find.Length));
    }

    public static LoadResult Load(string text, LoadLimits? limits = null) => DefinitionLoader.Load(text, MinimalFile, limits);

    /// <summary>Asserts that loading fails with an error at exactly this place, on this field, saying this.</summary>
    public static void AssertError(LoadResult result, int line, int column, string field, string fragment)
    {
        Assert.Null(result.Definition);
        var all = string.Join("\n", result.Errors.Select(e => e.ToString()));
        Assert.True(
            result.Errors.Any(e => e.Location.Line == line && e.Location.Column == column && e.Field == field
                && e.Message.Contains(fragment, StringComparison.Ordinal) && e.Location.File == MinimalFile),
            $"expected {MinimalFile}:{line}:{column}: error: {field}: ...{fragment}...\nactual:\n{all}");
    }
}
