using System.Globalization;
using System.Text.Json.Nodes;
using Infra.Access.Catalog;
using Infra.Access.Rendering;

namespace Infra.Access.Format;

/// <summary>
/// Writes the JSON Schema (draft 2020-12) of the definition format from <see cref="DefinitionFormat"/>
/// and the capability catalog, so editors validate and complete <c>stacks/*.yaml</c>.
/// </summary>
public static class SchemaWriter
{
    public const string SchemaId = "https://example.invalid/infra/access/definition.schema.json";

    public static string Write()
    {
        var root = Object(DefinitionFormat.Root);
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = SchemaId,
            ["title"] = "CI/CD access definition of one environment",
        };
        foreach (var (key, value) in root.ToList())
        {
            root.Remove(key);
            schema[key] = value;
        }

        return schema.ToJsonString(Json.Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject Object(ObjectSpec spec)
    {
        var properties = new JsonObject();
        foreach (var field in spec.Fields)
        {
            properties[field.Name] = Field(field);
        }

        var result = new JsonObject
        {
            ["type"] = "object",
            ["description"] = spec.Description,
            ["additionalProperties"] = false,
            ["properties"] = properties,
        };
        var required = spec.Fields.Where(f => f.Required).Select(f => (JsonNode)JsonValue.Create(f.Name)!).ToArray();
        if (required.Length > 0)
        {
            result["required"] = new JsonArray(required);
        }

        return result;
    }

    private static JsonObject Field(FieldSpec field)
    {
        JsonObject result = field.Type switch
        {
            FieldType.String or FieldType.Duration or FieldType.Date => Scalar(field),
            FieldType.Integer => Integer(field),
            FieldType.Boolean => new JsonObject { ["type"] = "boolean" },
            FieldType.StringList => List(Scalar(field), field),
            FieldType.IntegerList => List(Integer(field), field),
            FieldType.StringMap => new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
            FieldType.Object => Object(field.Object!),
            FieldType.ObjectList => List(Object(field.Object!), field),
            FieldType.CapabilityList => List(Capabilities(), field),
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };
        // An object field already carries its object's description, the more telling of the two.
        if (!result.ContainsKey("description"))
        {
            result.Insert(0, "description", field.Description);
        }

        if (field.Default is { } value)
        {
            result["default"] = field.Type == FieldType.Boolean ? JsonValue.Create(value == "true") : JsonValue.Create(value);
        }

        return result;
    }

    private static JsonObject Scalar(FieldSpec field)
    {
        var result = new JsonObject { ["type"] = "string" };
        if (!field.Values.IsDefaultOrEmpty)
        {
            result["enum"] = new JsonArray([.. field.Values.Select(v => (JsonNode)JsonValue.Create(v)!)]);
        }

        if (field.Pattern is { } pattern)
        {
            result["pattern"] = pattern;
        }

        if (field.MaxLength is { } max)
        {
            result["maxLength"] = max;
        }

        return result;
    }

    private static JsonObject Integer(FieldSpec field)
    {
        var result = new JsonObject { ["type"] = "integer" };
        if (field.Minimum is { } min)
        {
            result["minimum"] = min;
        }

        if (field.Maximum is { } max)
        {
            result["maximum"] = max;
        }

        return result;
    }

    private static JsonObject List(JsonObject items, FieldSpec field)
    {
        var result = new JsonObject { ["type"] = "array", ["items"] = items };
        if (field.MinItems > 0)
        {
            result["minItems"] = field.MinItems;
        }

        if (field.Type is FieldType.StringList or FieldType.IntegerList)
        {
            result["uniqueItems"] = true;
        }

        return result;
    }

    /// <summary>Each capability is a mapping with its name as the only key and its parameters below.</summary>
    private static JsonObject Capabilities() => new()
    {
        ["oneOf"] = new JsonArray([.. CapabilityCatalog.All.Select(c =>
        {
            var parameters = Object(DefinitionFormat.CapabilityParameters(c));
            var allowNull = parameters["required"] is null;
            JsonNode value = allowNull
                ? new JsonObject { ["oneOf"] = new JsonArray(parameters, new JsonObject { ["type"] = "null" }) }
                : parameters;
            return (JsonNode)new JsonObject
            {
                ["type"] = "object",
                ["description"] = string.Create(CultureInfo.InvariantCulture, $"{c.Name}: {c.Summary}"),
                ["additionalProperties"] = false,
                ["required"] = new JsonArray(JsonValue.Create(c.Name)),
                ["properties"] = new JsonObject { [c.Name] = value },
            };
        })]),
    };
}
