using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Loading;

/// <summary>
/// A definition, or the errors that kept it from loading (sorted by position). At most
/// <see cref="LoadLimits.MaxErrors"/> are kept; <c>OmittedErrors</c> counts the ones past that bound.
/// </summary>
public sealed record LoadResult(EnvironmentDefinition? Definition, ImmutableArray<DefinitionError> Errors, int OmittedErrors = 0)
{
    public bool Succeeded => Definition is not null;
}
