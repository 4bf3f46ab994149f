namespace Infra.Access.Loading;

/// <summary>
/// Where a value or object is, as errors name it (<c>pipelines[3].stages[0].capabilities[1].deploy</c>),
/// built only when an error needs it: a large catalog reads hundreds of thousands of values, nearly
/// all of them fine. A null reader is the root, whose path is <see cref="Key"/> itself.
/// </summary>
internal readonly record struct FieldPath(ObjectReader? Reader, string Key, int Index = -1, string? Entry = null)
{
    public static FieldPath Root { get; } = new(null, "");

    public override string ToString()
    {
        var key = Reader is null ? Key : Reader.Join(Key);
        var indexed = Index >= 0 ? $"{key}[{Index}]" : key;
        return Entry is null ? indexed : $"{indexed}.{Entry}";
    }
}
