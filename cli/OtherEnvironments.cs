using Infra.Access.Definition;

namespace Infra.Access.Cli;

/// <summary>
/// The repository's other environment definitions, which <c>access check</c> plans and shows to the
/// isolation rules whatever files it is given: checking <c>stacks/staging.yaml</c> alone still
/// catches a namespace, mount or scope it shares with <c>stacks/prod.yaml</c>.
/// </summary>
/// <remarks>
/// The environments directory is <c>--environments</c>, or else the <c>stacks</c> folder of the
/// Pulumi project holding the first definition (the nearest folder above it with a
/// <c>Pulumi.yaml</c>), or else the definition's own folder when it is named <c>stacks</c>; other
/// files outside any project have none. Every <c>*.yaml</c> and <c>*.yml</c>
/// there is an environment definition and must load (fail closed: an unreadable environment is not
/// an absent one). A definition given on the command line from outside that folder stands in for
/// the one of the same environment name inside it (a candidate copy is checked against the
/// others, not against the file it replaces); one inside it is one of the environments itself.
/// </remarks>
internal static class OtherEnvironments
{
    /// <summary>The folder of a Pulumi project that holds the environment definitions.</summary>
    public const string StacksFolder = "stacks";

    /// <summary>The environments directory, or null when there is none to compare with.</summary>
    public static string? Folder(string? option, IReadOnlyList<string> definitions)
    {
        if (option is not null)
        {
            return option;
        }

        if (definitions.Count == 0)
        {
            return null;
        }

        var own = Path.GetDirectoryName(Path.GetFullPath(definitions[0]));
        for (var folder = own; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (File.Exists(Path.Combine(folder, "Pulumi.yaml")))
            {
                var stacks = Path.Combine(folder, StacksFolder);
                return Directory.Exists(stacks) ? stacks : null;
            }
        }

        // A stacks folder outside a Pulumi project (a copy of the repository's definitions) is one too;
        // any other folder (a temporary one, a fixture folder) is not taken for a set of environments.
        return own is not null && string.Equals(Path.GetFileName(own), StacksFolder, StringComparison.Ordinal) ? own : null;
    }

    /// <summary>The definition files of the folder, in ordinal order, without the ones given on the command line.</summary>
    public static IReadOnlyList<string> Files(string folder, IReadOnlyList<string> definitions)
    {
        var given = definitions.Select(Path.GetFullPath).ToHashSet(PathComparer);
        return [.. Directory.EnumerateFiles(folder, "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            .Where(f => !given.Contains(Path.GetFullPath(f)))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The other environments to check against: every loaded one, except those a definition given
    /// from outside the folder stands in for (same environment name).
    /// </summary>
    public static IReadOnlyList<EnvironmentDefinition> StoodInFor(
        string folder, IReadOnlyList<string> paths, IReadOnlyList<EnvironmentDefinition> definitions, IReadOnlyList<EnvironmentDefinition> others)
    {
        var inside = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
        var standIns = paths
            .Select((path, i) => (Folder: Path.GetDirectoryName(Path.GetFullPath(path)), Definition: definitions[i]))
            .Where(p => !PathComparer.Equals(p.Folder, inside))
            .Select(p => p.Definition);
        return RepositoryEnvironments.ComparedWith(others, standIns);
    }

    private static StringComparer PathComparer => OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
}
