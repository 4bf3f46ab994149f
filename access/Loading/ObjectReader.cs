using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Infra.Access.Format;
using Infra.Access.Yaml;

namespace Infra.Access.Loading;

/// <summary>
/// Reads one mapping against its <see cref="ObjectSpec"/>: reports unknown and missing keys once,
/// then hands out typed values. A value that fails its checks is reported and read as null, so
/// one pass collects every error of the file.
/// </summary>
internal sealed partial class ObjectReader
{
    private readonly DefinitionErrors _errors;
    private readonly FieldPath _where;
    private string? _path;

    public ObjectReader(YamlMapping map, ObjectSpec spec, FieldPath path, DefinitionErrors errors)
    {
        Map = map;
        Spec = spec;
        _where = path;
        _errors = errors;
        foreach (var entry in map.Entries)
        {
            if (!IsField(spec, entry.Key.Value))
            {
                var suggestion = Suggest(entry.Key.Value, spec.Fields.Select(f => f.Name));
                Error(entry.Key.Location, Join(entry.Key.Value),
                    $"unknown key in {spec.Name}{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} (allowed: {string.Join(", ", spec.Fields.Select(f => f.Name))})");
            }
        }

        foreach (var field in spec.Fields)
        {
            if (field.Required && !TryEntry(field.Name, out _))
            {
                Error(map.Location, Join(field.Name), $"required key is missing from {spec.Name}");
            }
        }
    }

    public YamlMapping Map { get; }

    public ObjectSpec Spec { get; }

    /// <summary>Where this object is, as errors name it; built the first time an error needs it.</summary>
    public string Path => _path ??= _where.ToString();

    public SourceLocation Location => Map.Location;

    /// <summary>The shared error list, for readers opened below this one.</summary>
    public DefinitionErrors ErrorsSink => _errors;

    public static ObjectReader? Open(YamlNode node, ObjectSpec spec, FieldPath path, DefinitionErrors errors)
    {
        if (node is YamlMapping map)
        {
            return new ObjectReader(map, spec, path, errors);
        }

        errors.Add(new DefinitionError(node.Location, path.ToString(), $"expected a mapping ({spec.Name}), found {Describe(node)}"));
        return null;
    }

    public string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public bool Has(string key) => TryEntry(key, out _);

    public SourceLocation LocationOf(string key) =>
        TryEntry(key, out var entry) ? entry.Value.Location : Map.Location;

    public string? String(string key)
    {
        var field = Spec[key];
        return TryNode(key, out var node) ? ReadString(node, field, new FieldPath(this, key)) : field.Default;
    }

    public int? Integer(string key)
    {
        var field = Spec[key];
        if (!TryNode(key, out var node))
        {
            return field.Default is null ? null : int.Parse(field.Default, CultureInfo.InvariantCulture);
        }

        return ReadInteger(node, field, new FieldPath(this, key));
    }

    public bool? Boolean(string key)
    {
        var field = Spec[key];
        if (!TryNode(key, out var node))
        {
            return field.Default is null ? null : field.Default == "true";
        }

        if (node is YamlScalar { IsPlain: true, Value: "true" or "false" } scalar)
        {
            return scalar.Value == "true";
        }

        Error(node.Location, Join(key), $"expected true or false, found {Describe(node)}");
        return null;
    }

    public TimeSpan? Duration(string key)
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        var value = Patterns.ParseDuration(text);
        if (value is null)
        {
            Error(LocationOf(key), Join(key), $"'{text}' is not {Patterns.DurationHint}, and not zero");
        }

        return value;
    }

    public DateOnly? Date(string key)
    {
        var text = String(key);
        return text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>A list of strings, each checked like a string field; duplicates are errors.</summary>
    public ImmutableArray<(string Value, SourceLocation Location)> Strings(string key)
    {
        var field = Spec[key];
        if (!TryNode(key, out var node))
        {
            return [];
        }

        if (node is not YamlSequence sequence)
        {
            Error(node.Location, Join(key), $"expected a list, found {Describe(node)}");
            return [];
        }

        CheckMinItems(sequence, field, key);
        var result = ImmutableArray.CreateBuilder<(string Value, SourceLocation Location)>(sequence.Items.Length);
        // Lists are short (a handful of names): a scan finds a repeat without a set per list.
        var seen = sequence.Items.Length > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            var item = sequence.Items[i];
            var path = new FieldPath(this, key, i);
            var value = ReadString(item, field, path);
            if (value is null)
            {
                continue;
            }

            if (seen is null ? Listed(result, value) : !seen.Add(value))
            {
                Error(item.Location, path.ToString(), $"'{value}' is listed twice");
                continue;
            }

            result.Add((value, item.Location));
        }

        return result.Count == result.Capacity ? result.MoveToImmutable() : result.ToImmutable();
    }

    private static bool Listed(ImmutableArray<(string Value, SourceLocation Location)>.Builder items, string value)
    {
        foreach (var item in items)
        {
            if (item.Value == value)
            {
                return true;
            }
        }

        return false;
    }

    public ImmutableArray<int> Integers(string key)
    {
        var field = Spec[key];
        if (!TryNode(key, out var node))
        {
            return [];
        }

        if (node is not YamlSequence sequence)
        {
            Error(node.Location, Join(key), $"expected a list, found {Describe(node)}");
            return [];
        }

        CheckMinItems(sequence, field, key);
        var result = ImmutableArray.CreateBuilder<int>();
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            if (ReadInteger(sequence.Items[i], field, new FieldPath(this, key, i)) is { } value)
            {
                if (result.Contains(value))
                {
                    Error(sequence.Items[i].Location, $"{Join(key)}[{i}]", $"{value} is listed twice");
                }
                else
                {
                    result.Add(value);
                }
            }
        }

        return result.ToImmutable();
    }

    public ImmutableSortedDictionary<string, string> StringMap(string key)
    {
        if (!TryNode(key, out var node))
        {
            return ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
        }

        if (node is not YamlMapping map)
        {
            Error(node.Location, Join(key), $"expected a mapping of strings, found {Describe(node)}");
            return ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal);
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var field = new FieldSpec(key, FieldType.String, true, "") { MaxLength = 1024 };
        foreach (var entry in map.Entries)
        {
            if (!Regex.IsMatch(entry.Key.Value, "^[a-z][a-z0-9_]{0,63}$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                Error(entry.Key.Location, $"{Join(key)}.{entry.Key.Value}", "option names are lower-case letters, digits and '_'");
                continue;
            }

            if (ReadString(entry.Value, field, new FieldPath(this, key, Entry: entry.Key.Value)) is { } value)
            {
                result[entry.Key.Value] = value;
            }
        }

        return result.ToImmutable();
    }

    public ObjectReader? Object(string key)
    {
        var field = Spec[key];
        return TryNode(key, out var node) ? Open(node, field.Object!, new FieldPath(this, key), _errors) : null;
    }

    /// <summary>The items of an object list, each opened against the item spec.</summary>
    public ImmutableArray<ObjectReader> Objects(string key)
    {
        var field = Spec[key];
        var sequence = Sequence(key);
        if (sequence is null)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ObjectReader>();
        for (var i = 0; i < sequence.Items.Length; i++)
        {
            if (Open(sequence.Items[i], field.Object!, new FieldPath(this, key, i), _errors) is { } item)
            {
                result.Add(item);
            }
        }

        return result.ToImmutable();
    }

    public YamlSequence? Sequence(string key)
    {
        var field = Spec[key];
        if (!TryNode(key, out var node))
        {
            return null;
        }

        if (node is not YamlSequence sequence)
        {
            Error(node.Location, Join(key), $"expected a list, found {Describe(node)}");
            return null;
        }

        CheckMinItems(sequence, field, key);
        return sequence;
    }

    public void Error(SourceLocation location, string field, string message) =>
        _errors.Add(new DefinitionError(location, field, message));

    public static string Describe(YamlNode node) => node switch
    {
        YamlScalar { IsNull: true } => "nothing (null)",
        YamlScalar scalar => $"'{Shorten(scalar.Value)}'",
        YamlSequence => "a list",
        YamlMapping => "a mapping",
        _ => "an unknown node",
    };

    /// <summary>
    /// The entry of a key. A scan, not a dictionary per mapping: a catalog has tens of thousands of
    /// mappings of a handful of keys each, and the tree reader already refused duplicate keys.
    /// </summary>
    private bool TryEntry(string key, out KeyValuePair<YamlScalar, YamlNode> entry)
    {
        foreach (var candidate in Map.Entries)
        {
            if (candidate.Key.Value == key)
            {
                entry = candidate;
                return true;
            }
        }

        entry = default;
        return false;
    }

    private static bool IsField(ObjectSpec spec, string key)
    {
        foreach (var field in spec.Fields)
        {
            if (field.Name == key)
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..37] + "...";

    private void CheckMinItems(YamlSequence sequence, FieldSpec field, string key)
    {
        if (sequence.Items.Length < field.MinItems)
        {
            Error(sequence.Location, Join(key), $"needs at least {field.MinItems} item{(field.MinItems == 1 ? "" : "s")}");
        }
    }

    private bool TryNode(string key, out YamlNode node)
    {
        if (TryEntry(key, out var entry) && !(entry.Value is YamlScalar { IsNull: true } && Spec[key].Type != FieldType.String))
        {
            node = entry.Value;
            return true;
        }

        if (TryEntry(key, out entry))
        {
            Error(entry.Value.Location, Join(key), "has no value");
        }

        node = null!;
        return false;
    }

    private void Error(SourceLocation location, FieldPath path, string message) => Error(location, path.ToString(), message);

    private string? ReadString(YamlNode node, FieldSpec field, FieldPath path)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            Error(node.Location, path, $"expected a string, found {Describe(node)}");
            return null;
        }

        var value = scalar.Value;
        // YAML reads a plain true, 404 or 1.5 as a boolean or a number, and so does every editor
        // validating against the schema: taking it as text here would let the two disagree.
        if (scalar.IsPlain && field.Type is FieldType.String or FieldType.StringList && CoreSchemaType(value) is { } type)
        {
            Error(node.Location, path, $"expected a string, found the {type} {value}; quote it if it is meant as text");
            return null;
        }

        if (value.AsSpan().IndexOfAny(ControlCharacters) >= 0)
        {
            Error(node.Location, path, "holds a control character");
            return null;
        }

        if (field.MaxLength is { } max && value.Length > max)
        {
            Error(node.Location, path, $"is {value.Length} characters long; the limit is {max}");
            return null;
        }

        if (!field.Values.IsDefaultOrEmpty && !field.Values.Contains(value))
        {
            Error(node.Location, path, $"'{Shorten(value)}' is not one of: {string.Join(", ", field.Values)}");
            return null;
        }

        if (field.Check is { } check)
        {
            if (check(value) is { } problem)
            {
                Error(node.Location, path, problem);
                return null;
            }
        }
        else if (field.Pattern is { } pattern && !Patterns.IsMatch(value, pattern))
        {
            Error(node.Location, path, $"'{Shorten(value)}' is not {field.PatternHint ?? "in the expected form"}");
            return null;
        }

        return value;
    }

    /// <summary>The type YAML 1.2's core schema gives a plain scalar other than a string, or null.</summary>
    private static string? CoreSchemaType(string value) =>
        value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE" ? "boolean"
        : Patterns.IsCoreSchemaNumber(value) ? "number"
        : null;

    /// <summary>What <see cref="char.IsControl(char)"/> calls a control character: C0, DEL and C1.</summary>
    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    private int? ReadInteger(YamlNode node, FieldSpec field, FieldPath path)
    {
        if (node is not YamlScalar { IsPlain: true } scalar
            || !int.TryParse(scalar.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            Error(node.Location, path, $"expected a whole number, found {Describe(node)}");
            return null;
        }

        if (value < field.Minimum || value > field.Maximum)
        {
            Error(node.Location, path, $"{value} is outside {field.Minimum}..{field.Maximum}");
            return null;
        }

        return value;
    }

    private static string? Suggest(string key, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: Distance(key.ToUpperInvariant(), c.ToUpperInvariant())))
            .Where(c => c.Distance <= Math.Max(1, c.Candidate.Length / 3))
            .OrderBy(c => c.Distance)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Select(c => c.Candidate)
            .FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
