using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>Issue 17 from the command line: the deployer is explained and diffed like any identity.</summary>
public sealed class DeployerCommandTests
{
    private static readonly string Prod = RepositoryRoot.File("stacks", "prod.yaml");

    [Fact]
    public void Diff_WhenProductionGivesATeamItsOwnDeployer_ShouldExitThreeForTheNewIdentity()
    {
        using var folder = new TempFolder();
        var text = File.ReadAllText(Prod);
        var basis = folder.File("prod.base.yaml", text);
        var head = folder.File("prod.head.yaml", text.Replace("  tokenTtlCeiling: 15m\n", "  tokenTtlCeiling: 15m\n  teamDeployers: [payments]\n", StringComparison.Ordinal));

        var run = CliRun.Of("diff", "--base", basis, "--head", head);

        Assert.Equal(3, run.Exit);
        Assert.Contains("deployer:payments", run.Out, StringComparison.Ordinal);
        // Back again, the team's deployer goes but the platform's deployer takes the pipelines' objects
        // back: a widening of it, so production growth too.
        Assert.Equal(3, CliRun.Of("diff", "--base", head, "--head", basis).Exit);
    }

    [Fact]
    public void Diff_WhenProductionOnlyLosesAnAuditDevice_ShouldNotBeGrowth()
    {
        using var folder = new TempFolder();
        var text = File.ReadAllText(Prod);
        var fewer = text.Replace("      - path: socket-siem\n        type: socket\n        options:\n          address: siem-collector.prod.example.internal:9090\n          socket_type: tcp\n", "", StringComparison.Ordinal);
        Assert.NotEqual(text, fewer);
        var basis = folder.File("prod.base.yaml", text);
        var head = folder.File("prod.head.yaml", fewer);

        Assert.Equal(1, CliRun.Of("diff", "--base", basis, "--head", head).Exit);
        var growth = CliRun.Of("diff", "--base", head, "--head", basis);
        Assert.Equal(3, growth.Exit);
        Assert.Contains("sys/audit/socket-siem", growth.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenTheDeployerIsAsked_ShouldPrintItsChainAndGrants()
    {
        var run = CliRun.Of("explain", "deployer", "--env", "prod", "-d", Prod);

        Assert.Equal(0, run.Exit);
        Assert.StartsWith("deployer in prod (production)\n", run.Out, StringComparison.Ordinal);
        Assert.Contains("Vault: policy access-deployer-prod", run.Out, StringComparison.Ordinal);
        Assert.Contains("vault sys sys/audit/file-primary: create, read, sudo, update", run.Out, StringComparison.Ordinal);
    }
}
