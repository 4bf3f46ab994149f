using System.Text.Json.Nodes;
using k8s.Models;

namespace Infra.Access.Tests.Oracles;

/// <summary>An admission request as the API server hands it to a policy: the request and its objects.</summary>
internal sealed record AdmissionInput(JsonObject Request, JsonNode? Object, JsonNode? OldObject, JsonNode? Params = null);

/// <summary>What one policy made of one request: allowed, denied, error (an evaluation error) or not-matched.</summary>
internal sealed record PolicyVerdict(string Verdict, string Detail);

/// <summary>
/// A real CEL engine (the npm package @bufbuild/cel, installed by scripts/test.sh into tests/oracles)
/// judges admission requests with the rendered policies, as the API server would: match conditions,
/// variables, validations (tests/oracles/cel-admission.js). One node process per batch. Node and the
/// package are required: a missing engine fails the tests, it never skips them.
/// </summary>
internal static class CelAdmissionOracle
{
    /// <summary>Each (policy, request) pair's verdict, in order.</summary>
    public static IReadOnlyList<PolicyVerdict> Judge(IReadOnlyList<(V1ValidatingAdmissionPolicy Policy, AdmissionInput Input)> cases)
    {
        var batch = new JsonArray();
        foreach (var (policy, input) in cases)
        {
            batch.Add(new JsonObject
            {
                ["policy"] = Policy(policy),
                ["request"] = input.Request.DeepClone(),
                ["object"] = input.Object?.DeepClone(),
                ["oldObject"] = input.OldObject?.DeepClone(),
                ["params"] = input.Params?.DeepClone(),
            });
        }

        var output = NodeOracle.Run("cel-admission.js", "@bufbuild/cel", "the CEL engine", stdin => stdin.Write(new JsonObject { ["cases"] = batch }.ToJsonString()));
        var results = JsonNode.Parse(output)!["results"]!.AsArray()
            .Select(r => new PolicyVerdict(r!["verdict"]!.GetValue<string>(), r["detail"]!.GetValue<string>()))
            .ToList();
        Assert.Equal(cases.Count, results.Count);
        return results;
    }

    /// <summary>The parts of a rendered policy the engine evaluates.</summary>
    private static JsonObject Policy(V1ValidatingAdmissionPolicy policy) => new()
    {
        ["matchConditions"] = new JsonArray([.. (policy.Spec.MatchConditions ?? []).Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["expression"] = c.Expression })]),
        ["variables"] = new JsonArray([.. (policy.Spec.Variables ?? []).Select(v => (JsonNode)new JsonObject { ["name"] = v.Name, ["expression"] = v.Expression })]),
        ["validations"] = new JsonArray([.. (policy.Spec.Validations ?? []).Select(v => (JsonNode)new JsonObject { ["expression"] = v.Expression, ["message"] = v.Message })]),
    };
}
