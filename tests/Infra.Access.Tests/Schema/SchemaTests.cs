using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Infra.Access.Format;
using Infra.Access.Loading;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Golden;
using Infra.Access.Yaml;
using Infra.Testing;
using NJsonSchema;

namespace Infra.Access.Tests.Schema;

/// <summary>
/// stacks/schema.json is generated (access schema) and checked in: it must equal what the format
/// generates now, and the shipped definitions must satisfy it as an editor would read them.
/// </summary>
public sealed partial class SchemaTests
{
    private static readonly string SchemaPath = RepositoryRoot.File("stacks", "schema.json");

    [Fact]
    public void SchemaFile_WhenComparedWithTheFormat_ShouldBeUpToDate() =>
        GoldenFiles.AssertMatches(SchemaPath, SchemaWriter.Write());

    [Theory]
    [InlineData("stacks", "staging.yaml")]
    [InlineData("stacks", "prod.yaml")]
    [InlineData("tests", "Infra.Access.Tests", "Fixtures", "minimal.yaml")]
    public async Task Definition_WhenValidatedAgainstTheSchema_ShouldHaveNoErrors(params string[] path)
    {
        var schema = await JsonSchema.FromJsonAsync(SchemaWriter.Write());
        var json = ToJson(Definitions.Read(path));

        var errors = schema.Validate(json!.ToJsonString());

        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
    }

    [Theory]
    [InlineData("    team: web-team", "    teams: web-team", "NoAdditionalPropertiesAllowed")]
    [InlineData("    team: web-team", "    team: 404", "StringExpected")]
    [InlineData("    state: active", "    state: running", "NotInEnumeration")]
    [InlineData("    retentionDays: 30", "    retentionDays: \"30\"", "IntegerExpected")]
    [InlineData("  - name: web", "  - name: Web", "PatternMismatch")]
    [InlineData("          - read-secret:", "          - read-secrets:", "NotOneOf")]
    [InlineData("    team: web-team\n", "", "PropertyRequired")]
    public async Task Definition_WhenTheLoaderRefusesIt_ShouldAlsoFailTheSchema(string find, string replace, string kind)
    {
        var text = Definitions.Patch(find, replace);
        Assert.False(Definitions.Load(text).Succeeded);
        var schema = await JsonSchema.FromJsonAsync(SchemaWriter.Write());

        var errors = schema.Validate(ToJson(text)!.ToJsonString());

        Assert.Contains(Flatten(errors), e => e.Kind.ToString() == kind);
    }

    /// <summary>NJsonSchema nests the errors of array items and oneOf branches; tests look at all of them.</summary>
    private static IEnumerable<NJsonSchema.Validation.ValidationError> Flatten(IEnumerable<NJsonSchema.Validation.ValidationError> errors) =>
        errors.SelectMany(e => e is NJsonSchema.Validation.ChildSchemaValidationError child
            ? Flatten(child.Errors.Values.SelectMany(v => v)).Prepend(e)
            : [e]);

    /// <summary>
    /// The definition as JSON, with plain scalars typed as YAML 1.2's core schema types them (as
    /// editors do): null, true/false, integers and floats; everything else, and every quoted scalar, is a string.
    /// </summary>
    private static JsonNode? ToJson(string yaml)
    {
        var (root, error) = YamlTreeReader.Read(yaml, "definition.yaml", LoadLimits.Default);
        Assert.Null(error);
        return Convert(root!);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMapping map => new JsonObject(map.Entries.Select(e => KeyValuePair.Create(e.Key.Value, Convert(e.Value)))),
        YamlSequence sequence => new JsonArray([.. sequence.Items.Select(Convert)]),
        YamlScalar { IsNull: true } => null,
        YamlScalar { IsPlain: true, Value: "true" or "false" } b => JsonValue.Create(b.Value == "true"),
        YamlScalar { IsPlain: true } s when IntegerRegex().IsMatch(s.Value) => JsonValue.Create(long.Parse(s.Value, CultureInfo.InvariantCulture)),
        YamlScalar { IsPlain: true } s when FloatRegex().IsMatch(s.Value) => JsonValue.Create(double.Parse(s.Value, CultureInfo.InvariantCulture)),
        YamlScalar s => JsonValue.Create(s.Value),
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerRegex();

    [GeneratedRegex("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatRegex();
}
