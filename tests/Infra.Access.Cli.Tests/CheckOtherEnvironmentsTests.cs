using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>
/// Issue 11, class 2: <c>access check</c> checks isolation against every environment definition of
/// the repository, not only against the files it happens to be given.
/// </summary>
public sealed class CheckOtherEnvironmentsTests
{
    private static readonly string StagingText = File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml"));

    private static readonly string ProdText = File.ReadAllText(RepositoryRoot.File("stacks", "prod.yaml"));

    /// <summary>A Pulumi project with stacks/prod.yaml and stacks/staging.yaml (staging edited).</summary>
    private static TempFolder Project(string stagingFind = "", string stagingWith = "")
    {
        var folder = new TempFolder();
        folder.File("Pulumi.yaml", "name: infra\nruntime: dotnet\n");
        Directory.CreateDirectory(Path.Combine(folder.Path, "stacks"));
        folder.File(Path.Combine("stacks", "prod.yaml"), ProdText);
        Assert.Contains(stagingFind, StagingText, StringComparison.Ordinal);
        folder.File(Path.Combine("stacks", "staging.yaml"), stagingFind.Length == 0 ? StagingText : StagingText.Replace(stagingFind, stagingWith, StringComparison.Ordinal));
        return folder;
    }

    private static string Stack(TempFolder folder, string name) => Path.Combine(folder.Path, "stacks", name + ".yaml");

    [Fact]
    public void Check_WhenOnlyStagingIsGiven_ShouldStillCatchANamespaceSharedWithProd()
    {
        using var project = Project("namespaces: [payments-staging]", "namespaces: [payments-prod]");

        var run = CliRun.Of("check", Stack(project, "staging"));

        Assert.Equal(1, run.Exit);
        Assert.Contains("error ISO001 environment-namespace-isolation: [staging] payments-api: namespace payments-prod is also declared by environment 'prod'", run.Out, StringComparison.Ordinal);
        // Prod's own findings are reported when prod is checked, not here.
        Assert.DoesNotContain("[prod]", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("approvalEnvironment: staging-approval", "approvalEnvironment: prod-approval", "ISO006")]
    [InlineData("address: https://vault.staging.example.internal:8200", "address: https://VAULT.prod.example.internal:8200/", "ISO007")]
    [InlineData("secretMounts: [kv-staging]", "secretMounts: [kv-staging, kv-prod/staging]", "ISO003")]
    public void Check_WhenOnlyStagingIsGiven_ShouldCatchWhatItSharesWithProdInAnySpelling(string find, string with, string rule)
    {
        using var project = Project(find, with);

        var run = CliRun.Of("check", Stack(project, "staging"));

        Assert.Equal(1, run.Exit);
        Assert.Contains($"error {rule} ", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenTheRepositoryIsClean_ShouldPassEachStackAlone()
    {
        using var project = Project();

        Assert.Equal(0, CliRun.Of("check", Stack(project, "staging")).Exit);
        Assert.Equal(0, CliRun.Of("check", Stack(project, "prod"), "--today", "2026-11-24").Exit);
    }

    [Fact]
    public void Check_WhenACandidateCopyIsGivenFromOutsideTheStacks_ShouldStandInForItsEnvironment()
    {
        using var project = Project();
        var candidate = project.File("candidate.yaml", StagingText.Replace("namespaces: [orders-staging]", "namespaces: [orders-prod]", StringComparison.Ordinal));

        var run = CliRun.Of("check", candidate);

        // Compared with prod (one shared namespace), not with stacks/staging.yaml it replaces (which shares all of them).
        Assert.Equal(1, run.Exit);
        Assert.Contains("1 error(s)", run.Out, StringComparison.Ordinal);
        Assert.Contains("namespace orders-prod is also declared by environment 'prod'", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenAStackRenamesItselfToAnotherEnvironment_ShouldStillBeComparedWithIt()
    {
        using var project = Project("  name: staging\n", "  name: prod\n");

        var run = CliRun.Of("check", Stack(project, "staging"));

        Assert.Equal(1, run.Exit);
        Assert.Contains("error ISO", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenAnotherEnvironmentDefinitionDoesNotLoad_ShouldRefuseWithItsLocation()
    {
        using var project = Project();
        project.File(Path.Combine("stacks", "dev.yml"), "environment:\n  nme: dev\n");

        var run = CliRun.Of("check", Stack(project, "staging"));

        Assert.Equal(2, run.Exit);
        Assert.Contains("dev.yml:2:", run.Error, StringComparison.Ordinal);
        Assert.Contains("must load: isolation is checked against every one of them", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenEnvironmentsNamesAFolder_ShouldCompareWithItsDefinitions()
    {
        using var environments = new TempFolder();
        environments.File("prod.yaml", ProdText);
        using var outside = new TempFolder();
        var staging = outside.File("staging.yaml", StagingText.Replace("namespaces: [payments-staging]", "namespaces: [payments-prod]", StringComparison.Ordinal));

        var alone = CliRun.Of("check", staging);
        var together = CliRun.Of("check", staging, "--environments", environments.Path);

        // Outside any Pulumi project there is no repository to compare with, unless one is named.
        Assert.Equal(0, alone.Exit);
        Assert.Equal(1, together.Exit);
        Assert.Contains("namespace payments-prod is also declared by environment 'prod'", together.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenAStacksFolderLiesOutsideAnyProject_ShouldStillCompareWithItsDefinitions()
    {
        using var copy = new TempFolder();
        Directory.CreateDirectory(Path.Combine(copy.Path, "stacks"));
        copy.File(Path.Combine("stacks", "prod.yaml"), ProdText);
        var staging = copy.File(Path.Combine("stacks", "staging.yaml"), StagingText.Replace("namespaces: [payments-staging]", "namespaces: [payments-prod]", StringComparison.Ordinal));

        var run = CliRun.Of("check", staging);

        Assert.Equal(1, run.Exit);
        Assert.Contains("namespace payments-prod is also declared by environment 'prod'", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenEnvironmentsIsNoFolder_ShouldExitTwo()
    {
        var run = CliRun.Of("check", CliRun.Staging, "--environments", "no-such-folder");

        Assert.Equal(2, run.Exit);
        Assert.Contains("--environments: 'no-such-folder' is not a folder", run.Error, StringComparison.Ordinal);
    }
}
