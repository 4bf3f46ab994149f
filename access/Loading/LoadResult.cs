using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Loading;

/// <summary>A definition, or the errors that kept it from loading (sorted by position).</summary>
public sealed record LoadResult(EnvironmentDefinition? Definition, ImmutableArray<DefinitionError> Errors)
{
    public bool Succeeded => Definition is not null;
}
