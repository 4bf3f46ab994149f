using System.Collections.Immutable;

namespace Infra.Access.Yaml;

/// <summary>
/// A YAML node with its position. The loader builds this tree itself from parser events so it
/// can refuse anchors, aliases, duplicate keys and deep nesting before anything is bound.
/// </summary>
public abstract record YamlNode(SourceLocation Location);

/// <summary>A scalar; <paramref name="IsPlain"/> is false for quoted and block scalars.</summary>
public sealed record YamlScalar(SourceLocation Location, string Value, bool IsPlain) : YamlNode(Location)
{
    /// <summary>A plain <c>~</c>, <c>null</c> or empty scalar is YAML's null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";
}

public sealed record YamlMapping(SourceLocation Location, ImmutableArray<KeyValuePair<YamlScalar, YamlNode>> Entries) : YamlNode(Location);

public sealed record YamlSequence(SourceLocation Location, ImmutableArray<YamlNode> Items) : YamlNode(Location);
