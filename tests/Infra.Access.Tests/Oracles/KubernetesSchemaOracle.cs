using System.Text.Json.Nodes;

namespace Infra.Access.Tests.Oracles;

/// <summary>What the Kubernetes schemas made of one object: the model it was checked as (none for an unknown apiVersion or kind) and the errors.</summary>
internal sealed record SchemaVerdict(string? Model, IReadOnlyList<string> Errors)
{
    public bool Valid => Model is not null && Errors.Count == 0;
}

/// <summary>
/// The Kubernetes OpenAPI schemas, compiled to validators by the npm package kubernetes-models
/// (installed by scripts/test.sh into tests/oracles), judge objects by their own apiVersion and kind
/// (tests/oracles/k8s-validate.js). One node process per batch. An apiVersion or kind without a
/// model is a failed verdict, never a skip; a missing package fails the tests.
/// </summary>
internal static class KubernetesSchemaOracle
{
    /// <summary>Each object's verdict, in order.</summary>
    public static IReadOnlyList<SchemaVerdict> Validate(IReadOnlyList<JsonNode?> objects)
    {
        var input = new JsonObject { ["objects"] = new JsonArray([.. objects.Select(o => o?.DeepClone())]) };
        var output = NodeOracle.Run("k8s-validate.js", "kubernetes-models", "the Kubernetes schema oracle", stdin => stdin.Write(input.ToJsonString()));
        var results = JsonNode.Parse(output)!["results"]!.AsArray()
            .Select(r => new SchemaVerdict(r!["model"]?.GetValue<string>(), [.. r["errors"]!.AsArray().Select(e => e!.GetValue<string>())]))
            .ToList();
        Assert.Equal(objects.Count, results.Count);
        return results;
    }
}
