using System.Collections.Immutable;
using System.Reflection;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Cli;

/// <summary>
/// The I/O half of SARIF (the core renders, <see cref="Sarif"/>): where the rule docs can be
/// browsed, the tool's version, and each definition file's path relative to the repository root.
/// </summary>
internal static class SarifSettings
{
    /// <summary>The options for <paramref name="paths"/>, or null after reporting a bad option.</summary>
    public static SarifOptions? From(CliContext context, string? helpBaseUri, string? repositoryRoot, string? category, IReadOnlyList<string> paths)
    {
        var here = Directory.GetCurrentDirectory();
        var helpBase = HelpBase(context, helpBaseUri);
        if (helpBase.Error is not null)
        {
            context.Fail(helpBase.Error);
            return null;
        }

        string root;
        if (repositoryRoot is not null)
        {
            if (!Directory.Exists(repositoryRoot))
            {
                context.Fail($"--repository-root: '{repositoryRoot}' is not a folder");
                return null;
            }

            root = Path.GetFullPath(repositoryRoot);
        }
        else
        {
            root = GitRoot(paths.Count > 0 ? paths[0] : ".", here) ?? here;
        }

        if (category is not null && !IsCategory(category))
        {
            context.Fail($"--category: '{category}' must be letters, digits, '.', '_', '-' and '/' between them");
            return null;
        }

        var uris = paths
            .GroupBy(p => p.Replace('\\', '/'), StringComparer.Ordinal)
            .ToImmutableDictionary(g => g.Key, g => ArtifactUri(root, g.First(), here), StringComparer.Ordinal);
        return new SarifOptions(helpBase.Uri, Version(), category ?? SarifOptions.DefaultCategory, uris);
    }

    /// <summary>
    /// The base URI of the rule docs: <c>--help-base-uri</c>; else, in GitHub Actions, the commit the
    /// run checks (<c>GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA/</c>), so a link shows the
    /// rule as it was when it found the problem; else none (help texts stay in the log).
    /// </summary>
    public static (string? Uri, string? Error) HelpBase(CliContext context, string? option)
    {
        if (option is not null)
        {
            return AbsoluteBase(option) is { } uri ? (uri, null) : (null, $"--help-base-uri: '{option}' is not an absolute http(s) URI");
        }

        if (context.Variable("GITHUB_SERVER_URL") is { } server && context.Variable("GITHUB_REPOSITORY") is { } repository
            && context.Variable("GITHUB_SHA") is { } sha)
        {
            var derived = $"{server.TrimEnd('/')}/{repository}/blob/{sha}/";
            return AbsoluteBase(derived) is { } uri ? (uri, null) : (null, $"GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA give '{derived}', not an absolute http(s) URI; pass --help-base-uri");
        }

        return (null, null);
    }

    private static string? AbsoluteBase(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.Query.Length == 0 && uri.Fragment.Length == 0
            ? (text.EndsWith('/') ? text : text + "/")
            : null;

    private static bool IsCategory(string text) =>
        text.Length is > 0 and <= 200 && !text.StartsWith('/') && !text.EndsWith('/')
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/');

    /// <summary>
    /// The file's URI relative to the repository root, however it was named (<c>./stacks/x.yaml</c>,
    /// an absolute path, <c>../repo/stacks/x.yaml</c>); a file outside the root keeps an absolute
    /// <c>file:</c> URI, which code scanning shows without a source link rather than at a wrong file.
    /// </summary>
    public static string ArtifactUri(string root, string path, string currentDirectory)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        var relative = Path.GetRelativePath(root, full);
        if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return new Uri(full).AbsoluteUri;
        }

        // Escape what a URI reference cannot hold as is (spaces, '#', '%'...), segment by segment.
        return string.Join('/', relative.Split(Path.DirectorySeparatorChar).Select(Uri.EscapeDataString));
    }

    /// <summary>The nearest folder at or above the file's folder holding a <c>.git</c> (folder, or file in a worktree).</summary>
    public static string? GitRoot(string path, string currentDirectory)
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path, currentDirectory)) ?? currentDirectory);
        while (directory is not null)
        {
            var git = Path.Combine(directory.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return directory.FullName;
            }

            directory = directory.Parent;
        }

        return null;
    }

    /// <summary>The CLI's version: the informational version the build stamps (SemVer, maybe with +commit).</summary>
    private static string Version() =>
        typeof(SarifSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? SarifOptions.DefaultVersion;
}
