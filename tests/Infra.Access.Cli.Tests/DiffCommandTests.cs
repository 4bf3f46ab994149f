using System.Diagnostics;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

public sealed class DiffCommandTests : IDisposable
{
    private static readonly string Golden = RepositoryRoot.File("tests", "Infra.Access.Tests", "Golden", "Diff");
    private readonly string _repository = Directory.CreateTempSubdirectory("access-diff-").FullName;

    public void Dispose() => Directory.Delete(_repository, recursive: true);

    [Theory]
    [InlineData("no-change", "base.yaml", "head.yaml", 0)]
    [InlineData("widened-resource-names", "base.yaml", "head.yaml", 1)]
    [InlineData("paused-pipeline", "base.yaml", "head.yaml", 1)]
    [InlineData("prod-only-change", "prod.base.yaml", "prod.head.yaml", 3)]
    // A production change that only takes away does not grow production access.
    [InlineData("prod-only-change", "prod.head.yaml", "prod.base.yaml", 1)]
    public void Diff_WhenFilesAreCompared_ShouldExitWithTheDocumentedCode(string name, string basis, string head, int expected)
    {
        var (exit, output, error) = Run("diff", "--base", Path.Combine(Golden, name, basis), "--head", Path.Combine(Golden, name, head));

        Assert.Equal(expected, exit);
        Assert.Empty(error);
        Assert.NotEmpty(output);
    }

    /// <summary>
    /// Red-team escapes (issue 12): changes that widen production access without a grant row. Each
    /// printed "no access change" and exited 0; each must be shown and need a production review.
    /// </summary>
    [Theory]
    // A pipeline's reviewBy pushed out: its access lives longer before anyone looks at it again.
    [InlineData("review-by-extended", "~ review by: 2027-01-31 -> 2027-05-15  [widens]")]
    // A namespace leaves platformNamespaces (K8S014 and its kin stop guarding it); another becomes a service pipelines may reach.
    [InlineData("platform-namespaces", "~ environment setting changed: environment.cluster.platformNamespaces: cert-manager, ingress-nginx-prod, monitoring, vault -> ingress-nginx-prod, monitoring, vault  [widens]")]
    [InlineData("platform-namespaces", "~ environment setting changed: environment.cluster.platformServices: ingress-nginx-prod -> ingress-nginx-prod, monitoring  [widens]")]
    // One more GitHub owner's repositories may hold the identities.
    [InlineData("ci-trust-settings", "~ environment setting changed: environment.ci.repositoryOwners: none -> contractor-org, example-org  [widens]")]
    // The same error finding stays waived, for longer.
    [InlineData("waiver-extended", "waiver extended: SOD001 orders-worker (object erin-release)")]
    public void Diff_WhenAProductionChangeWidensWithoutAGrant_ShouldShowItAndExitThree(string name, string expected)
    {
        var (exit, output, error) = Run("diff", "--base", Path.Combine(Golden, name, "base.yaml"), "--head", Path.Combine(Golden, name, "head.yaml"));

        Assert.Empty(error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.Equal(3, exit);
    }

    [Fact]
    public void Diff_WhenOnlyANewExceptionSilencesAProductionError_ShouldNeedAProductionReview()
    {
        // The head's only change is the exceptions block: SOD001 was an error at the base, waived at the head.
        var head = Path.Combine(Golden, "waiver-extended", "base.yaml");
        var text = File.ReadAllText(head);
        var basis = Path.Combine(_repository, "base.yaml");
        File.WriteAllText(basis, text[..text.IndexOf("\nexceptions:", StringComparison.Ordinal)] + "\n");

        var (exit, output, error) = Run("diff", "--base", basis, "--head", head);

        Assert.Empty(error);
        Assert.Contains("finding waived: SOD001 orders-worker (object erin-release)", output, StringComparison.Ordinal);
        Assert.Equal(3, exit);
        var (_, json, _) = Run("diff", "--base", basis, "--head", head, "--format", "json");
        Assert.Contains("\"waivedIntroduced\": [", json, StringComparison.Ordinal);
        var (_, markdown, _) = Run("diff", "--base", basis, "--head", head, "--format", "markdown");
        Assert.Contains("Waived by an exception (new in this change)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WhenMarkdownIsAsked_ShouldPrintTheGoldenComment()
    {
        var (exit, output, _) = Run("diff", "--base", Path.Combine(Golden, "paused-pipeline", "base.yaml"), "--head", Path.Combine(Golden, "paused-pipeline", "head.yaml"), "--format", "markdown");

        Assert.Equal(1, exit);
        Assert.True(File.ReadAllText(Path.Combine(Golden, "paused-pipeline", "expected.md")) == output,
            "tests/Infra.Access.Tests/Golden/Diff/paused-pipeline/expected.md differs from what `access diff` prints: run scripts/update-golden.sh (DiffGoldenTests rewrites it) and review the diff");
    }

    [Fact]
    public void Diff_WhenTheCommentIsBounded_ShouldWriteTheFullReportBesideItAndPointToIt()
    {
        var report = Path.Combine(_repository, "full.md");
        var basis = Path.Combine(_repository, "base.yaml");
        var head = Path.Combine(_repository, "head.yaml");
        File.WriteAllText(basis, Synthetic.CatalogGenerator.Generate(new Synthetic.CatalogOptions(300, 3)));
        File.WriteAllText(head, Synthetic.CatalogGenerator.Generate(new Synthetic.CatalogOptions(300, 3, ChangedPipelines: 40)));

        var (exit, output, error) = Run("diff", "--base", basis, "--head", head, "--format", "markdown",
            "--max-chars", "8000", "--full-report", report, "--full-report-url", "https://github.com/o/r/actions/runs/7");

        Assert.Empty(error);
        Assert.Equal(1, exit);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(output) <= 8000, $"{output.Length} characters");
        Assert.Contains("(https://github.com/o/r/actions/runs/7)", output, StringComparison.Ordinal);
        var full = File.ReadAllText(report);
        Assert.True(full.Length > 8000);
        Assert.DoesNotContain("does not fit", full, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--max-chars", "100")]
    [InlineData("--full-report", "/nonexistent/dir/full.md")]
    public void Diff_WhenTheBoundOrReportPathIsUnusable_ShouldExitTwoWithoutAStackTrace(string option, string value)
    {
        var (exit, output, error) = Run("diff", "--base", Path.Combine(Golden, "paused-pipeline", "base.yaml"), "--head", Path.Combine(Golden, "paused-pipeline", "head.yaml"),
            "--format", "markdown", option, value);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith($"access: error: {option} ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WhenBaseIsAGitRevision_ShouldReadEachHeadAtThatRevision()
    {
        Directory.CreateDirectory(Path.Combine(_repository, "stacks"));
        var staging = Path.Combine(_repository, "stacks", "staging.yaml");
        File.Copy(Path.Combine(Golden, "paused-pipeline", "base.yaml"), staging);
        Git("init", "-q");
        Git("add", ".");
        Git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "base");
        File.Copy(Path.Combine(Golden, "paused-pipeline", "head.yaml"), staging, overwrite: true);
        // A file the base does not have: a new environment, everything in it gained.
        var prod = Path.Combine(_repository, "stacks", "prod.yaml");
        File.Copy(Path.Combine(Golden, "prod-only-change", "prod.base.yaml"), prod);

        var (exit, output, error) = Run("diff", "--base", "HEAD", "--head", staging, "--head", prod);

        Assert.Empty(error);
        Assert.Equal(3, exit);
        // The paused stage loses 6 grants; the deployer no longer writes its binding and Vault roles: 12 more.
        Assert.Contains("staging (non-production): +0 identities, -1 identity, +0 grants, -18 grants\n", output, StringComparison.Ordinal);
        // Two stages and the environment's deployer.
        Assert.Contains("prod (production): +3 identities, -0 identities, ", output, StringComparison.Ordinal);
        Assert.Contains("(new environment)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WhenRevisionIsUnknown_ShouldExitTwoNamingIt()
    {
        var staging = Path.Combine(_repository, "staging.yaml");
        File.Copy(Path.Combine(Golden, "no-change", "base.yaml"), staging);
        Git("init", "-q");

        var (exit, output, error) = Run("diff", "--base", "no-such-ref", "--head", staging);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("'no-such-ref' is not a git revision", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WhenNotInAGitRepository_ShouldExitTwo()
    {
        var staging = Path.Combine(_repository, "staging.yaml");
        File.Copy(Path.Combine(Golden, "no-change", "base.yaml"), staging);

        var (exit, _, error) = Run("diff", "--base", "main", "--head", staging);

        Assert.Equal(2, exit);
        Assert.Contains("not inside a git repository", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WhenBaseIsInvalid_ShouldReportTheLocationAndExitTwo()
    {
        var broken = Path.Combine(_repository, "broken.yaml");
        File.WriteAllText(broken, "environment:\n  nme: x\n");

        var (exit, output, error) = Run("diff", "--base", broken, "--head", Path.Combine(Golden, "no-change", "head.yaml"));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("broken.yaml:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WhoCan_WhenAskedAboutStaging_ShouldListTheIdentities()
    {
        var (exit, output, _) = Run("who-can", "patch", "deployments/payments-api", "-n", "payments-staging", "-d", RepositoryRoot.File("stacks", "staging.yaml"));

        Assert.Equal(0, exit);
        Assert.Equal(
            "Who can patch deployments/payments-api in namespace payments-staging:\n"
            + "  staging payments-api/deploy: kubernetes payments-staging apps/deployments:payments-api via Role payments-staging/ci-payments-api-deploy (CI subject repo:example-org/payments-api:environment:staging)\n",
            output);
    }

    [Fact]
    public void Explain_WhenIdentityIsUnknown_ShouldExitTwoListingKnownOnes()
    {
        var (exit, _, error) = Run("explain", "nobody/deploy", "-d", RepositoryRoot.File("stacks", "staging.yaml"));

        Assert.Equal(2, exit);
        Assert.Contains("known identities: ledger-migrations/migrate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenIdentityExists_ShouldPrintItsChain()
    {
        var (exit, output, _) = Run("explain", "payments-api/build", "-d", RepositoryRoot.File("stacks", "staging.yaml"));

        Assert.Equal(0, exit);
        Assert.Contains("Azure: role ci-acr-repository-writer-staging assigned on acrexamplestaging for repositories payments/api\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenAStageCanChangePodTemplates_ShouldSayWhatItsLeakedTokenReaches()
    {
        var (exit, output, _) = Run("explain", "orders-worker/deploy", "-d", RepositoryRoot.File("stacks", "staging.yaml"));

        Assert.Equal(0, exit);
        Assert.Contains("  if this identity's token leaks:\n", output, StringComparison.Ordinal);
        Assert.Contains("        ServiceAccount orders-staging/ci-orders-worker-configure of orders-worker/configure:\n", output, StringComparison.Ordinal);
        Assert.Contains("      mount every Secret of orders-staging", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AccessCli.Run(args, new CliContext(output, error, new DateOnly(2026, 11, 24)));
        return (exit, output.ToString(), error.ToString());
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repository, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }
}
