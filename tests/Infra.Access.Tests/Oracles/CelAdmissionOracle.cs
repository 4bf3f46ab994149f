using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Infra.Testing;
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
    private static readonly string Folder = RepositoryRoot.File("tests", "oracles");

    /// <summary>Each (policy, request) pair's verdict, in order.</summary>
    public static IReadOnlyList<PolicyVerdict> Judge(IReadOnlyList<(V1ValidatingAdmissionPolicy Policy, AdmissionInput Input)> cases)
    {
        Assert.True(
            Directory.Exists(Path.Combine(Folder, "node_modules", "@bufbuild", "cel")),
            "the CEL engine is not installed: run `npm ci --prefix tests/oracles` (scripts/test.sh does it)");
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

        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(Folder, "cel-admission.js"));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(new JsonObject { ["cases"] = batch }.ToJsonString());
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the CEL engine failed: {errors.Result}");
        var results = JsonNode.Parse(output.Result)!["results"]!.AsArray()
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
