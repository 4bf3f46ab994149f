using System.Collections.Immutable;

namespace Infra.Access.Format;

public enum FieldType
{
    String,
    Integer,
    Boolean,
    Duration,
    Date,
    StringList,
    IntegerList,
    StringMap,
    Object,
    ObjectList,
    CapabilityList,
}

/// <summary>
/// One field of the definition format. The loader validates with it and the JSON Schema is
/// generated from it, so the two cannot drift apart.
/// </summary>
public sealed record FieldSpec(string Name, FieldType Type, bool Required, string Description)
{
    /// <summary>Regular expression every string (or list item) must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>What <see cref="Pattern"/> means, in words, for error messages.</summary>
    public string? PatternHint { get; init; }

    public int? MaxLength { get; init; }

    /// <summary>Allowed values for an enumerated string (or list item).</summary>
    public ImmutableArray<string> Values { get; init; } = [];

    public int? Minimum { get; init; }

    public int? Maximum { get; init; }

    /// <summary>Lists: the least number of items.</summary>
    public int MinItems { get; init; }

    /// <summary>The shape of an <see cref="FieldType.Object"/> or each item of an <see cref="FieldType.ObjectList"/>.</summary>
    public ObjectSpec? Object { get; init; }

    /// <summary>A check the pattern cannot express; returns an error message or null.</summary>
    public Func<string, string?>? Check { get; init; }

    /// <summary>The value taken when the field is absent, shown in the schema.</summary>
    public string? Default { get; init; }
}

/// <summary>A mapping of the definition format: its known fields, nothing else allowed.</summary>
public sealed record ObjectSpec(string Name, string Description, ImmutableArray<FieldSpec> Fields)
{
    public FieldSpec this[string name]
    {
        get
        {
            // A loop, not a query: the loader asks for a field for every value it reads.
            foreach (var field in Fields)
            {
                if (field.Name == name)
                {
                    return field;
                }
            }

            throw new ArgumentException($"{Name} has no field '{name}'", nameof(name));
        }
    }
}
