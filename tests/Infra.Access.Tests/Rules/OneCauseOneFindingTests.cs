using System.Collections.Immutable;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// Issue 12, "one cause, one finding": a value of the definition that fans out to several roles,
/// fields or rules (a stage's tokenTtl becomes five Vault TTL fields; audit.retentionDays becomes the
/// workspace's and the storage's retention) is reported once, by the rule that owns it.
/// A finding's cause is where it points in the definition and whom it names: its source location
/// (file, line, column) and subject, whatever the rule. Across every rule and every fixture whose
/// findings come from the definition alone, no two findings share a cause unless the pair of rules is
/// listed in <see cref="Justified"/> with the reason. Fixtures with plan edits are left out on
/// purpose: they inject a planner bug that several rules are meant to catch independently (defence
/// in depth), which is not one definition value counted twice.
/// </summary>
public sealed class OneCauseOneFindingTests
{
    /// <summary>Rule sets (IDs, sorted, '+'-joined) that may share a cause, and why each is two facts, not one counted twice.</summary>
    private static readonly ImmutableDictionary<string, string> Justified = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // The cluster block is one location for two values: its name and its API server URL; a fixture
        // that copies both from another environment shares two things, each reported once.
        ["ISO007+ISO007"] = "cluster name and API server URL are two values of one block",
        // ISO008 judges an ARM id against the environment's own subscription and fires when the file is
        // checked alone; ISO004/ISO007 need the other environment loaded and say which one it is. The
        // same id can be wrong both ways (another subscription, and another environment's resource).
        ["ISO004+ISO008"] = "own subscription (checked alone) and another environment's id (checked together) are two facts",
        ["ISO004+ISO007+ISO008"] = "as ISO004+ISO008, and the registry's login server or global name is a value of its own",
        ["ISO004+ISO007"] = "the registry's ARM id (ISO004) and its login server or global name (ISO007) are separate values of the registry",
        // A repository's CI environment and its approval environment are two GitHub objects, each with its
        // own deployment branch policy to narrow: one finding per environment that admits the wider ref.
        ["GHB004+GHB004"] = "the CI environment and the approval environment each carry their own branch policy",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>
    /// NOT justified: one cause reported twice, listed here so the debt is visible; the list can only
    /// shrink, do not add to it. Empty since issue 12: K8S023 no longer reports the label patch of a
    /// platform namespace a pipeline claims (K8S014, K8S011 for default and kube-*, own the claim; K8S024
    /// no longer shares its place), and GHB002 leaves an approver who maintains the same production
    /// pipeline to SOD001, reporting only the overlaps across one repository's pipelines.
    /// </summary>
    private static readonly ImmutableHashSet<string> KnownToFix = ImmutableHashSet.Create(StringComparer.Ordinal,
        Array.Empty<string>());

    private static readonly string[] FiveTtlRules = ["VLT007", "VLT007", "VLT007", "VLT010", "VLT010"];

    public static TheoryData<string> DefinitionFixtures() =>
        [.. RuleFixture.All().Where(f => RuleFixture.Read(f).PlanOps.IsEmpty)];

    [Theory]
    [MemberData(nameof(DefinitionFixtures))]
    public void Check_WhenADefinitionIsChecked_ShouldReportEachCauseOnce(string fixture)
    {
        var report = RuleFixture.Read(fixture).Run();

        foreach (var shared in SharedCauses(report))
        {
            Assert.True(Justified.ContainsKey(shared.Rules) || KnownToFix.Contains(shared.Rules), $"{fixture}: {shared.Rules} report one cause ({shared.Cause}) {shared.Count} times:\n{shared.Messages}");
        }
    }

    [Fact]
    public void SharedCauses_WhenOneTtlFansOutToFiveFields_ShouldSeeOneCause()
    {
        // The test itself must be able to fail: the old VLT007/VLT010, one finding per TTL field.
        var at = new Access.SourceLocation("prod.yaml", 132, 9);
        var five = FiveTtlRules
            .Select((rule, i) => new Finding(rule, "ttl", Severity.Error, "prod", "ledger-migrations/migrate", $"field {i} 600s", "fix", at))
            .ToList();
        var report = new GuardrailReport([.. five], [], []);

        var shared = Assert.Single(SharedCauses(report));

        Assert.Equal("VLT007+VLT007+VLT007+VLT010+VLT010", shared.Rules);
        Assert.False(Justified.ContainsKey(shared.Rules));
    }

    [Fact]
    public void Justified_ShouldNameOnlyRulesThatExist()
    {
        var ids = RuleCatalog.Default.Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(Justified.Keys.Concat(KnownToFix).SelectMany(k => k.Split('+')), id => Assert.Contains(id, ids));
    }

    private static IEnumerable<(string Rules, string Cause, int Count, string Messages)> SharedCauses(GuardrailReport report) =>
        report.Findings.Concat(report.Waived.Select(w => w.Finding))
            .GroupBy(f => (f.Location.File, f.Location.Line, f.Location.Column, f.Subject))
            .Where(g => g.Count() > 1)
            .Select(g => (
                string.Join('+', g.Select(f => f.RuleId).Order(StringComparer.Ordinal)),
                $"{g.Key.File}:{g.Key.Line}:{g.Key.Column} {g.Key.Subject}",
                g.Count(),
                string.Join('\n', g.Select(f => $"  {f.RuleId}: {f.Message}"))));
}
