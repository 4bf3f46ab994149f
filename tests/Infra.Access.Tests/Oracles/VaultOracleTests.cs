using System.Text.Json.Nodes;
using Infra.Access.Rendering;
using Infra.Access.Tests.Golden;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Oracle: HashiCorp's own HCL parser (the Go library compiled to WebAssembly in the npm package
/// @cdktf/hcl2json, installed by scripts/test.sh into tests/oracles) reads every rendered Vault
/// policy, and what it reads is exactly the plan's paths and capabilities. Node is required: a
/// missing parser fails these tests, it never skips them.
/// </summary>
public sealed class VaultOracleTests
{
    public static TheoryData<string> Cases() => [.. RenderCases.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenPoliciesAreReadByHashiCorpsParser_ShouldGrantExactlyThePlannedPaths(string name)
    {
        var plan = RenderCases.Plan(name);
        var files = VaultRenderer.Render(plan).Where(f => f.Path.EndsWith(".hcl", StringComparison.Ordinal)).ToList();
        Assert.Equal(plan.Vault.Policies.Length, files.Count);
        if (files.Count == 0)
        {
            return;
        }

        var parsed = ParseHcl(files.Select(f => (Path.GetFileName(f.Path), f.Content)));

        foreach (var policy in plan.Vault.Policies)
        {
            var body = parsed[policy.Name + ".hcl"]!.AsObject();
            Assert.Equal(["path"], body.Select(p => p.Key));
            var paths = body["path"]!.AsObject();
            Assert.Equal(policy.Paths.Select(p => p.Path), paths.Select(p => p.Key));
            foreach (var rule in policy.Paths)
            {
                var block = Assert.Single(paths[rule.Path]!.AsArray())!.AsObject();
                Assert.Equal(["capabilities"], block.Select(p => p.Key));
                Assert.Equal(rule.Capabilities, block["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenDeployerPoliciesAreReadByHashiCorpsParser_ShouldHoldExactlyTheirPaths(string name)
    {
        var plan = RenderCases.Plan(name);
        var files = DeployerRenderer.Render(plan).Where(f => f.Path.EndsWith(".hcl", StringComparison.Ordinal)).ToList();
        Assert.Equal(plan.Deployers.Length, files.Count);

        var parsed = ParseHcl(files.Select(f => (f.Path.Replace('/', '-'), f.Content)));

        foreach (var (deployer, file) in plan.Deployers.Zip(files))
        {
            var paths = parsed[file.Path.Replace('/', '-')]!.AsObject()["path"]!.AsObject();
            Assert.Equal(deployer.VaultPolicy.Paths.Select(p => p.Path), paths.Select(p => p.Key));
            Assert.DoesNotContain(paths, p => p.Key.Contains('*', StringComparison.Ordinal) || p.Key.Contains('+', StringComparison.Ordinal));
            foreach (var rule in deployer.VaultPolicy.Paths)
            {
                var block = Assert.Single(paths[rule.Path]!.AsArray())!.AsObject();
                Assert.Equal(rule.Capabilities, block["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()));
            }
        }
    }

    [Fact]
    public void Oracle_WhenAPolicyIsMalformed_ShouldRefuseIt()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            ParseHcl([("broken.hcl", "path \"kv/data/web\" {\n  capabilities = [\"read\"\n")]));

        Assert.Contains("broken.hcl", error.Message, StringComparison.Ordinal);
    }

    /// <summary>What the HCL parser made of each file, by file name.</summary>
    private static JsonObject ParseHcl(IEnumerable<(string Name, string Content)> files) =>
        JsonNode.Parse(NodeOracle.RunOnFiles("hcl2json.js", "@cdktf/hcl2json", "HashiCorp's HCL parser", files.Select(f => (f.Name, f.Name, f.Content))))!.AsObject();
}
