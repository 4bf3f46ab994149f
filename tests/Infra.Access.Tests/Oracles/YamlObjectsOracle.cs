using System.Text.Json;
using System.Text.Json.Nodes;

namespace Infra.Access.Tests.Oracles;

/// <summary>The documents of one YAML text as JSON, read as YAML 1.2 and as YAML 1.1, and what either reading reported.</summary>
internal sealed record YamlObjects(IReadOnlyList<string> Errors, IReadOnlyList<JsonNode?> Yaml12, IReadOnlyList<JsonNode?> Yaml11);

/// <summary>
/// The npm package <c>yaml</c> (eemeli/yaml) reads multi-document texts into JSON values
/// (tests/oracles/yaml2objects.js): with YAML 1.2's core schema, as editors and JavaScript clients
/// read them, and with YAML 1.1's, as the Go reader behind kubectl and client-go resolves plain
/// scalars (<c>on</c>, <c>no</c>, <c>y</c> are booleans there). One node process per batch.
/// </summary>
internal static class YamlObjectsOracle
{
    /// <summary>What the oracle read from each text, in order.</summary>
    public static IReadOnlyList<YamlObjects> Read(IReadOnlyList<string> texts)
    {
        var input = new JsonObject { ["texts"] = new JsonArray([.. texts.Select(t => JsonValue.Create(t))]) };
        var output = NodeOracle.Run("yaml2objects.js", "yaml", "the yaml oracle", stdin => stdin.Write(input.ToJsonString()));
        var results = JsonNode.Parse(output, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!["results"]!.AsArray()
            .Select(r => new YamlObjects(
                [.. r!["errors"]!.AsArray().Select(e => e!.GetValue<string>())],
                [.. r["yaml12"]!.AsArray().Select(d => d?.DeepClone())],
                [.. r["yaml11"]!.AsArray().Select(d => d?.DeepClone())]))
            .ToList();
        Assert.Equal(texts.Count, results.Count);
        return results;
    }
}
