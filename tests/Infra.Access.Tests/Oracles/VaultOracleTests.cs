using System.Diagnostics;
using System.Text.Json.Nodes;
using Infra.Access.Rendering;
using Infra.Access.Tests.Golden;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Oracle: HashiCorp's own HCL parser (the Go library compiled to WebAssembly in the npm package
/// @cdktf/hcl2json, installed by scripts/test.sh into tests/oracles) reads every rendered Vault
/// policy, and what it reads is exactly the plan's paths and capabilities. Node is required: a
/// missing parser fails these tests, it never skips them.
/// </summary>
public sealed class VaultOracleTests
{
    private static readonly string OracleFolder = RepositoryRoot.File("tests", "oracles");

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

    /// <summary>Writes the files to a temporary folder and returns what the HCL parser made of each, by file name.</summary>
    private static JsonObject ParseHcl(IEnumerable<(string Name, string Content)> files)
    {
        Assert.True(
            Directory.Exists(Path.Combine(OracleFolder, "node_modules", "@cdktf", "hcl2json")),
            "HashiCorp's HCL parser is not installed: run `npm ci --prefix tests/oracles` (scripts/test.sh does it)");
        var folder = Directory.CreateTempSubdirectory("vault-oracle-").FullName;
        try
        {
            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.ArgumentList.Add(Path.Combine(OracleFolder, "hcl2json.js"));
            foreach (var (name, content) in files)
            {
                File.WriteAllText(Path.Combine(folder, name), content);
                start.ArgumentList.Add(name);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"the HCL parser refused the policy: {errors.Result}");
            }

            return JsonNode.Parse(output)!.AsObject();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
