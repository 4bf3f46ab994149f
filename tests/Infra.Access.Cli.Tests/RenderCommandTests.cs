using System.Text.Json;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;

namespace Infra.Access.Cli.Tests;

public sealed class RenderCommandTests
{
    [Theory]
    [InlineData("kubernetes", "---\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\n")]
    [InlineData("vault", "# ==> vault/policies/ci-staging-ledger-migrations-migrate.hcl <==\n# ci-staging-ledger-migrations-migrate (ledger-migrations/migrate)\npath \"")]
    [InlineData("azure", "{\n  \"environment\": \"staging\",\n  \"resources\": [\n")]
    public void Render_WhenAFormatIsGiven_ShouldPrintItToStdout(string format, string start)
    {
        var run = CliRun.Of("render", CliRun.Staging, "--format", format);

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Error);
        Assert.StartsWith(start, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenVaultIsPrinted_ShouldHeadEachFileAndEndWithTheRoles()
    {
        var run = CliRun.Of("render", CliRun.Staging, "--format", "vault");

        var headers = run.Out.Split('\n').Where(l => l.StartsWith("# ==> ", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, headers.Count); // eight policies (one of the paused pipeline, which keeps its policy but no auth role) and the roles file
        Assert.Equal("# ==> vault/roles.json <==", headers[^1]);
        using var roles = JsonDocument.Parse(run.Out[(run.Out.LastIndexOf("<==\n", StringComparison.Ordinal) + 4)..]);
        Assert.Equal(7, roles.RootElement.GetProperty("jwt_roles").GetArrayLength());
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("vault")]
    [InlineData("azure")]
    public void Render_WhenAnOutputDirIsGiven_ShouldWriteEveryFileAndPrintNothing(string format)
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "out");
        var plan = Planner.Build(DefinitionLoader.Load(File.ReadAllText(CliRun.Staging), CliRun.Staging).Definition!);
        var expected = format switch
        {
            "kubernetes" => KubernetesRenderer.Files(plan).ToList(),
            "vault" => VaultRenderer.Render(plan).ToList(),
            _ => new List<RenderedFile> { AzureRenderer.Render(plan) },
        };

        var run = CliRun.Of("render", CliRun.Staging, "--format", format, "--output-dir", output);

        Assert.Equal(0, run.Exit);
        Assert.Empty(run.Out);
        Assert.Empty(run.Error);
        var written = Directory.GetFiles(output, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(output, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected.Select(f => f.Path).Order(StringComparer.Ordinal), written);
        Assert.All(expected, f => Assert.Equal(f.Content, File.ReadAllText(Path.Combine(output, f.Path))));
        Assert.Single(Directory.GetFileSystemEntries(folder.Path)); // no staging folder left behind
    }

    [Fact]
    public void Render_WhenTheDefinitionIsInvalid_ShouldWriteNothingAndExitTwo()
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.yaml", File.ReadAllText(CliRun.Staging).Replace("tier: non-production", "tier: nonprod", StringComparison.Ordinal));
        var output = Path.Combine(folder.Path, "out");

        var run = CliRun.Of("render", path, "--format", "kubernetes", "--output-dir", output);

        Assert.Equal(2, run.Exit);
        Assert.Empty(run.Out);
        Assert.Equal($"{path}:6:9: error: environment.tier: 'nonprod' is not one of: production, non-production\n", run.Error);
        Assert.False(Directory.Exists(output));
        Assert.Equal([path], Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void Render_WhenTheOutputDirAlreadyHoldsFiles_ShouldReplaceOnlyTheRenderedOnes()
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "out");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "kubernetes.yaml"), "old\n");
        File.WriteAllText(Path.Combine(output, "notes.txt"), "kept\n");

        var run = CliRun.Of("render", CliRun.Staging, "--format", "kubernetes", "--output-dir", output);

        Assert.Equal(0, run.Exit);
        Assert.StartsWith("---\napiVersion: admissionregistration.k8s.io/v1\n", File.ReadAllText(Path.Combine(output, "kubernetes.yaml")), StringComparison.Ordinal);
        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(output, "notes.txt")));
    }
}
