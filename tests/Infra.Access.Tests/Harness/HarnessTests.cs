using Infra.Access.Rules;
using Infra.Access.Tests.Golden;
using Infra.Access.Tests.Rules;
using Infra.Testing;

namespace Infra.Access.Tests.Harness;

/// <summary>
/// Issue 12, the test harness's silent paths: each way a test could pass while checking nothing fails
/// here instead (theory rows xUnit drops, plan-op arguments nobody reads, pages and fixture folders of
/// rules that no longer exist; the diff golden cases check their own folders).
/// </summary>
public sealed class HarnessTests
{
    [Fact]
    public void TheoryData_WhenTwoRowsAreEqual_ShouldFailBecauseXunitRunsOnlyOne()
    {
        var duplicates = TheoryDataDuplicates.In(typeof(HarnessTests).Assembly);

        Assert.True(duplicates.Count == 0, "theory rows xUnit would skip as duplicates:\n" + string.Join('\n', duplicates));
    }

    [Fact]
    public void TheoryDataDuplicates_WhenARowIsRepeated_ShouldNameIt()
    {
        var duplicates = TheoryDataDuplicates.In(typeof(Repeated).Assembly, includeAbstract: true).Where(d => d.StartsWith("Repeated.", StringComparison.Ordinal)).ToList();

        Assert.Equal(["Repeated.NullRows: (null) x2", "Repeated.Rows: (\"a\", Int32:1) x2"], duplicates);
    }

    [Theory]
    [InlineData("op=set-jwt-role;target=ci-payments-api-deploy;tll=901", "tll")]
    [InlineData("op=set-secret-role;target=ci-payments-api-deploy;ttl=901;explicitMaxTtl=1", "explicitMaxTtl")]
    [InlineData("op=drop-audit-devices;keep=1;kind=role", "kind")]
    public void PlanMutations_WhenAnArgumentIsNotReadByItsOp_ShouldThrow(string op, string unknown)
    {
        var definition = RuleFixture.Base("prod");
        var plan = Access.Planning.Planner.Build(definition);
        var args = op.Split(';').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);

        var error = Assert.Throws<InvalidOperationException>(() => PlanMutations.Apply(plan, args));

        Assert.Contains("unknown argument(s) " + unknown, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RuleDocsPages_WhenARuleIsRemoved_ShouldNotBeLeftBehind()
    {
        var ids = RuleCatalog.Default.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var folder = RepositoryRoot.File("docs", "rules");
        var stale = Directory.GetFiles(folder, "*.md").Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "README" && !ids.Contains(name!)).Order(StringComparer.Ordinal).ToList();

        if (GoldenFiles.Updating)
        {
            // scripts/update-golden.sh regenerates the pages: a removed rule's page goes with it.
            stale.ForEach(name => File.Delete(Path.Combine(folder, name + ".md")));
            return;
        }

        Assert.True(stale.Count == 0, $"docs/rules has pages of rules the catalog no longer has: {string.Join(", ", stale)} (run ./scripts/update-golden.sh; a retired ID stays reserved, its page goes)");
    }

    [Fact]
    public void RuleFixtureFolders_WhenARuleIsRemoved_ShouldNotBeLeftBehind()
    {
        var ids = RuleCatalog.Default.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var stale = Directory.GetDirectories(RuleFixture.Root).Select(Path.GetFileName)
            .Where(name => name != "_base" && !ids.Contains(name!)).Order(StringComparer.Ordinal).ToList();

        Assert.True(stale.Count == 0, $"Fixtures/Rules has folders of rules the catalog no longer has: {string.Join(", ", stale)}");
    }

    /// <summary>
    /// A theory whose member data repeats a row (the compiler's xUnit1025 catches repeated InlineData;
    /// nothing catches repeated MemberData rows), for the detector's own test; abstract, so never run.
    /// </summary>
    public abstract class Repeated
    {
        public static TheoryData<string, int> Data() => new() { { "a", 1 }, { "a", 1 }, { "a", 2 } };

        [Theory]
        [MemberData(nameof(Data))]
        public void Rows(string text, int number) => Assert.NotNull(text + number);

        // [InlineData(null)] is one null argument to xUnit (a null array to the detector). The repeat
        // is the sample itself, so the analyzer that would catch it at build time is silenced here.
#pragma warning disable xUnit1025
        [Theory]
        [InlineData(null)]
        [InlineData("x")]
        [InlineData(null)]
#pragma warning restore xUnit1025
        public void NullRows(string? text) => Assert.True(text is null || text.Length > 0);
    }
}
