using System.Collections.Immutable;

namespace Infra.Access.Definition;

/// <summary>
/// Which of the repository's environment definitions a checked definition is compared with for
/// isolation. The CLI (<c>access check</c>) and the Pulumi program both ask this, so they agree.
/// </summary>
public static class RepositoryEnvironments
{
    /// <summary>
    /// The repository's definitions to compare with: every one of <paramref name="repository"/> (the
    /// environment folder's definitions, the checked files themselves already left out by path),
    /// except those a stand-in replaces. A stand-in is a checked definition read from outside that
    /// folder (a candidate copy of <c>stacks/prod.yaml</c>, say): it is compared with the other
    /// environments, not with the file of the same environment name it replaces. A checked file inside
    /// the folder replaces nothing, so a second file naming its environment is still compared (and
    /// refused by ISO007).
    /// </summary>
    public static ImmutableArray<EnvironmentDefinition> ComparedWith(
        IReadOnlyList<EnvironmentDefinition> repository, IEnumerable<EnvironmentDefinition> standIns)
    {
        ArgumentNullException.ThrowIfNull(repository);
        ArgumentNullException.ThrowIfNull(standIns);
        // Environment names are DNS-1123 labels (lower case), so ordinal comparison is the loader's own.
        var replaced = standIns.Select(d => d.Environment.Name).ToHashSet(StringComparer.Ordinal);
        return [.. repository.Where(d => !replaced.Contains(d.Environment.Name))];
    }
}
