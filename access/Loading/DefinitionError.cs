namespace Infra.Access.Loading;

/// <summary>One problem in a definition: where, which field, what is wrong.</summary>
public sealed record DefinitionError(SourceLocation Location, string Field, string Message)
{
    public override string ToString() =>
        Field.Length == 0 ? $"{Location}: error: {Message}" : $"{Location}: error: {Field}: {Message}";
}
