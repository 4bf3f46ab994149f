using System.Collections.Immutable;

namespace Infra.Access.Yaml;

/// <summary>
/// A YAML node with its position. The loader builds this tree itself from parser events so it
/// can refuse anchors, aliases, duplicate keys and deep nesting before anything is bound.
/// </summary>
/// <remarks>
/// The position is kept as numbers and made a <see cref="SourceLocation"/> only when asked: a
/// catalog of thousands of pipelines has hundreds of thousands of nodes, and only the few whose
/// position goes into the model or an error need one.
/// </remarks>
public abstract record YamlNode(string File, int Line, int Column)
{
    public SourceLocation Location => new(File, Line, Column);
}

/// <summary>A scalar; <paramref name="IsPlain"/> is false for quoted and block scalars.</summary>
public sealed record YamlScalar(string File, int Line, int Column, string Value, bool IsPlain) : YamlNode(File, Line, Column)
{
    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar is YAML's null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

public sealed record YamlMapping(string File, int Line, int Column, ImmutableArray<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(File, Line, Column);

public sealed record YamlSequence(string File, int Line, int Column, ImmutableArray<YamlNode> Items) : YamlNode(File, Line, Column);
