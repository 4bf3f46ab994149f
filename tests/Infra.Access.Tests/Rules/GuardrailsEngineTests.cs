using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// The engine around the rules: which findings count, which an exception waives, which exceptions
/// expired, what each rule is shown, and the one order of every list. Scripted rules stand in for
/// the catalog, so each test controls exactly what is found.
/// </summary>
public sealed class GuardrailsEngineTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static EnvironmentDefinition Base(string name) => RuleFixture.Base(name);

    private static Waiver Waiver(string rule, string subject, string expires, int line = 1) =>
        new(rule, subject, null, "reason", DateOnly.Parse(expires, CultureInfo.InvariantCulture), "grace", new SourceLocation("prod.yaml", line, 3));

    private static GuardrailReport Run(RuleCatalog catalog, params EnvironmentDefinition[] definitions) =>
        Guardrails.Check(definitions, [.. definitions.Select(Planner.Build)], Today, catalog);

    [Fact]
    public void Check_WhenPlanCountDiffersFromDefinitions_ShouldThrow()
    {
        var definition = Base("prod");

        var error = Assert.Throws<ArgumentException>(() => Guardrails.Check([definition], [], Today));

        Assert.Equal("plans", error.ParamName);
        Assert.StartsWith("one plan per definition is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_WhenArgumentsAreNull_ShouldThrowArgumentNull()
    {
        var definition = Base("prod");

        Assert.Throws<ArgumentNullException>(() => Guardrails.Check(null!, Today));
        Assert.Throws<ArgumentNullException>(() => Guardrails.Check(null!, [Planner.Build(definition)], Today));
        Assert.Throws<ArgumentNullException>(() => Guardrails.Check([definition], null!, Today));
        Assert.Throws<ArgumentNullException>(() => Guardrails.IsInForce(null!, RuleCatalog.Default, Today, Tier.Production));
        Assert.Throws<ArgumentNullException>(() => Guardrails.IsInForce(Waiver("K8S009", "x", "2026-12-20"), null!, Today, Tier.Production));
    }

    [Fact]
    public void Check_WhenOnlyDefinitionsAreGiven_ShouldPlanEachAndRunTheDefaultCatalog()
    {
        var definitions = new[] { Base("prod"), Base("staging") };
        var broken = definitions[0] with { Exceptions = [Waiver("K8S999", "payments-api/deploy", "2026-12-20")] };

        var planned = Guardrails.Check([broken, definitions[1]], Today);
        var explicitPlans = Guardrails.Check([broken, definitions[1]], [Planner.Build(broken), Planner.Build(definitions[1])], Today);

        Assert.Equal(explicitPlans.Findings.AsEnumerable(), planned.Findings.AsEnumerable());
        Assert.Contains(planned.Findings, f => f.RuleId == "LCY004");
    }

    [Fact]
    public void Catalog_WhenBuiltFromChosenRules_ShouldOrderThemByIdAndFindThemById()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST002", _ => []), new ScriptedRule("TST010", _ => []), new ScriptedRule("TST001", _ => [])]);

        Assert.Equal(["TST001", "TST002", "TST010"], catalog.Rules.Select(r => r.Id));
        Assert.Same(catalog.Rules[1], catalog.Find("TST002"));
        Assert.Null(catalog.Find("TST003"));
    }

    [Fact]
    public void Check_WhenARuleYieldsTheSameFindingTwice_ShouldReportItOnce()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "a/b", "same", 5), Make(c, "a/b", "same", 5)])]);

        var report = Run(catalog, Base("prod"));

        Assert.Single(report.Findings);
    }

    [Fact]
    public void Check_WhenARuleFinds_ShouldStampItsIdNameRemediationAndTheEnvironment()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "a/b", "m", 5)], severity: Severity.Warning)]);
        var definition = Base("prod");

        var finding = Assert.Single(Run(catalog, definition).Findings);

        Assert.Equal(("TST001", "scripted-tst001", "fix TST001", definition.Environment.Name, Severity.Warning), (finding.RuleId, finding.RuleName, finding.Remediation, finding.Environment, finding.Severity));
        Assert.Equal("docs/rules/TST001.md", catalog.Rules[0].HelpUri);
    }

    [Fact]
    public void Found_WhenContextIsNull_ShouldThrowArgumentNull()
    {
        var rule = new ScriptedRule("TST001", c => [Make(c, "a", "m", 1)]);

        Assert.Throws<ArgumentNullException>(() => rule.FoundWithoutContext());
    }

    [Fact]
    public void Check_WhenARuleOverridesSeverity_ShouldKeepTheOverride()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "a/b", "m", 5)], severity: Severity.Error, overrideSeverity: Severity.Warning)]);

        var finding = Assert.Single(Run(catalog, Base("prod")).Findings);

        Assert.Equal(Severity.Warning, finding.Severity);
    }

    [Fact]
    public void Check_WhenFindingsComeUnordered_ShouldSortByLocationRuleEnvironmentSubjectMessage()
    {
        var catalog = RuleCatalog.Of(
        [
            new ScriptedRule("TST002", c => [Make(c, "b", "m", 7), Make(c, "a", "z", 7), Make(c, "a", "m", 7), Make(c, "a", "m", 3, column: 9)]),
            new ScriptedRule("TST001", c => [Make(c, "c", "m", 7), Make(c, "a", "m", 3, column: 2)]),
        ]);

        var report = Run(catalog, Base("prod"));

        Assert.Equal(
            ["TST001 a m 3:2", "TST002 a m 3:9", "TST001 c m 7:1", "TST002 a m 7:1", "TST002 a z 7:1", "TST002 b m 7:1"],
            report.Findings.Select(f => $"{f.RuleId} {f.Subject} {f.Message} {f.Location.Line}:{f.Location.Column}"));
    }

    [Theory]
    [InlineData("TST001", "a/b", "2026-11-24", 1, 0)]
    [InlineData("TST001", "a/b", "2026-12-20", 1, 0)]
    [InlineData("TST001", "a/c", "2026-12-20", 0, 1)]
    [InlineData("TST002", "a/b", "2026-12-20", 0, 1)]
    [InlineData("TST001", "a/b", "2026-11-23", 0, 1)]
    public void Check_WhenAnExceptionNamesRuleAndSubject_ShouldWaiveOnlyThatFindingUntilItExpires(string rule, string subject, string expires, int waived, int counted)
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "a/b", "m", 5)]), new ScriptedRule("TST002", _ => [])]);
        var definition = Base("prod") with { Exceptions = [Waiver(rule, subject, expires)] };

        var report = Run(catalog, definition);

        Assert.Equal(waived, report.Waived.Length);
        Assert.Equal(counted, report.Findings.Length);
        Assert.All(report.Waived, w => Assert.Same(definition.Exceptions[0], w.Waiver));
    }

    [Theory]
    [InlineData("ns-a", true, 1, 1)]
    [InlineData("ns-b", true, 1, 1)]
    [InlineData("ns-c", true, 0, 2)]
    [InlineData(null, true, 0, 2)]
    [InlineData("kube-system", true, 1, 1)]
    [InlineData("kube-system", false, 0, 2)]
    [InlineData("default", false, 0, 2)]
    [InlineData("ns-a", false, 1, 1)]
    public void Check_WhenFindingsCarryObjects_ShouldWaiveOnlyTheFindingWhoseObjectTheExceptionNames(string? waived, bool systemNamespaces, int waivedCount, int counted)
    {
        string[] objects = waived is "kube-system" or "default" ? ["ns-a", waived] : ["ns-a", "ns-b"];
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => objects.Select((o, i) => Make(c, "a/b", "m", 5 + i) with { Object = o }), waiverObject: "the namespace", systemNamespaces: systemNamespaces)]);
        var definition = Base("prod") with { Exceptions = [Waiver("TST001", "a/b", "2026-12-20") with { Object = waived }] };

        var report = Run(catalog, definition);

        Assert.Equal(waivedCount, report.Waived.Length);
        Assert.Equal(counted, report.Findings.Length);
        Assert.All(report.Waived, w => Assert.Equal(waived, w.Finding.Object));
    }

    [Fact]
    public void Check_WhenTheRuleIsNotWaivable_ShouldIgnoreItsException()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "a/b", "m", 5)], waivable: false)]);
        var definition = Base("prod") with { Exceptions = [Waiver("TST001", "a/b", "2026-12-20")] };

        var report = Run(catalog, definition);

        Assert.Empty(report.Waived);
        Assert.Single(report.Findings);
    }

    [Fact]
    public void Check_WhenExceptionsExpired_ShouldListOnlyThoseBeforeTodayInLocationOrder()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", _ => [])]);
        var definition = Base("prod") with
        {
            Exceptions =
            [
                Waiver("TST001", "x", "2026-01-01", line: 30),
                Waiver("TST001", "y", "2026-11-24", line: 20),
                Waiver("TST001", "z", "2026-11-23", line: 10),
                Waiver("TST001", "w", "2027-11-23", line: 5),
            ],
        };

        var report = Run(catalog, definition);

        Assert.Equal(["z", "x"], report.ExpiredWaivers.Select(w => w.Subject));
    }

    [Fact]
    public void Check_WhenSeveralFindingsAreWaived_ShouldSortThemLikeFindings()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "b", "m", 9), Make(c, "a", "m", 9), Make(c, "c", "m", 2)])]);
        var definition = Base("prod") with
        {
            Exceptions = [Waiver("TST001", "a", "2026-12-20"), Waiver("TST001", "b", "2026-12-20"), Waiver("TST001", "c", "2026-12-20")],
        };

        var report = Run(catalog, definition);

        Assert.Equal(["c", "a", "b"], report.Waived.Select(w => w.Finding.Subject));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Check_WhenEnvironmentsAreCheckedTogether_ShouldShowEachRuleTheOtherPlansOnly()
    {
        var seen = new List<string>();
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c =>
        {
            seen.Add($"{c.Plan.Environment}: {string.Join(",", c.OtherPlans.Select(p => p.Environment))} {c.Today:yyyy-MM-dd} {c.Catalog.Rules.Length}");
            return [];
        })]);

        Run(catalog, Base("prod"), Base("staging"));

        var prod = Base("prod").Environment.Name;
        var staging = Base("staging").Environment.Name;
        Assert.Equal([$"{prod}: {staging} 2026-11-24 1", $"{staging}: {prod} 2026-11-24 1"], seen);
    }

    [Fact]
    public void Check_WhenOtherEnvironmentsAreGiven_ShouldShowThemToEveryRuleButReportOnlyTheCheckedOnes()
    {
        var seen = new List<string>();
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c =>
        {
            seen.Add($"{c.Plan.Environment}: {string.Join(",", c.OtherPlans.Select(p => p.Environment))} / {string.Join(",", c.OtherDefinitions.Select(d => d.Environment.Name))}");
            return [Make(c, "a/b", "m", 5)];
        })]);
        var others = new[] { Base("staging") };

        var report = Guardrails.Check([Base("prod")], [Planner.Build(Base("prod"))], Today, others, [.. others.Select(Planner.Build)], catalog);

        Assert.Equal(["prod: staging / staging"], seen);
        Assert.Equal(["prod"], report.Findings.Select(f => f.Environment));
    }

    [Fact]
    public void Check_WhenOtherPlansDoNotMatchOtherDefinitions_ShouldThrow()
    {
        var error = Assert.Throws<ArgumentException>(() => Guardrails.Check([Base("prod")], [Planner.Build(Base("prod"))], Today, [Base("staging")], []));

        Assert.Equal("otherPlans", error.ParamName);
    }

    [Fact]
    public void Check_WhenEachEnvironmentHasExceptions_ShouldApplyEachOnlyToItsOwnFindings()
    {
        var catalog = RuleCatalog.Of([new ScriptedRule("TST001", c => [Make(c, "a/b", "m", 5)])]);
        var prod = Base("prod") with { Exceptions = [Waiver("TST001", "a/b", "2026-12-20")] };
        var staging = Base("staging");

        var report = Run(catalog, prod, staging);

        Assert.Equal([prod.Environment.Name], report.Waived.Select(w => w.Finding.Environment));
        Assert.Equal([staging.Environment.Name], report.Findings.Select(f => f.Environment));
    }

    [Fact]
    public void Report_WhenFindingsHaveSeverities_ShouldCountErrorsAndWarningsApart()
    {
        var catalog = RuleCatalog.Of(
        [
            new ScriptedRule("TST001", c => [Make(c, "a", "1", 1), Make(c, "b", "2", 2)]),
            new ScriptedRule("TST002", c => [Make(c, "a", "3", 3)], severity: Severity.Warning),
        ]);

        var report = Run(catalog, Base("prod"));
        var warningsOnly = Run(RuleCatalog.Of([new ScriptedRule("TST002", c => [Make(c, "a", "3", 3)], severity: Severity.Warning)]), Base("prod"));

        Assert.Equal((2, 1, true), (report.Errors, report.Warnings, report.HasErrors));
        Assert.Equal((0, 1, false), (warningsOnly.Errors, warningsOnly.Warnings, warningsOnly.HasErrors));
    }

    [Theory]
    [InlineData("a.yaml:1:1 R1 e s m", "b.yaml:1:1 R1 e s m", -1)]
    [InlineData("a.yaml:2:1 R1 e s m", "a.yaml:1:9 R1 e s m", 1)]
    [InlineData("a.yaml:1:1 R2 e s m", "a.yaml:1:1 R1 e s m", 1)]
    [InlineData("a.yaml:1:1 R1 e s m", "a.yaml:1:1 R1 f s m", -1)]
    [InlineData("a.yaml:1:1 R1 e t m", "a.yaml:1:1 R1 e s m", 1)]
    [InlineData("a.yaml:1:1 R1 e s m", "a.yaml:1:1 R1 e s n", -1)]
    [InlineData("a.yaml:1:1 R1 e s m", "a.yaml:1:1 R1 e s m", 0)]
    public void FindingOrder_WhenFindingsDifferInOneKey_ShouldOrderByTheFirstDifferentKey(string left, string right, int expected)
    {
        Assert.Equal(expected, Math.Sign(FindingOrder.Instance.Compare(Parse(left), Parse(right))));
        Assert.Equal(-expected, Math.Sign(FindingOrder.Instance.Compare(Parse(right), Parse(left))));
    }

    [Fact]
    public void FindingOrder_WhenAFindingIsNull_ShouldPutNullFirst()
    {
        var finding = Parse("a.yaml:1:1 R1 e s m");

        Assert.Equal(0, FindingOrder.Instance.Compare(null, null));
        Assert.True(FindingOrder.Instance.Compare(null, finding) < 0);
        Assert.True(FindingOrder.Instance.Compare(finding, null) > 0);
    }

    private static Finding Parse(string text)
    {
        var parts = text.Split(' ');
        var location = parts[0].Split(':');
        return new Finding(parts[1], "name", Severity.Error, parts[2], parts[3], parts[4], "fix",
            new SourceLocation(location[0], int.Parse(location[1], CultureInfo.InvariantCulture), int.Parse(location[2], CultureInfo.InvariantCulture)));
    }

    private static Finding Make(RuleContext context, string subject, string message, int line, int column = 1) =>
        new("?", "?", Severity.Error, context.Plan.Environment, subject, message, "fix", new SourceLocation(context.Definition.File, line, column));

    /// <summary>A rule whose findings a test scripts; the engine stamps nothing, so it keeps the rule's ID through <see cref="GuardrailRule.Found"/>.</summary>
    private sealed class ScriptedRule(string id, Func<RuleContext, IEnumerable<Finding>> findings, bool waivable = true, Severity severity = Severity.Error, Severity? overrideSeverity = null, string? waiverObject = null, bool systemNamespaces = true) : GuardrailRule
    {
        public override string? WaiverObject => waiverObject;

        public override bool WaivableInSystemNamespaces => systemNamespaces;

        public override string Id => id;

        public override string Name => "scripted-" + id.ToLowerInvariant();

        public override Severity Severity => severity;

        public override RuleCategory Category => RuleCategory.Kubernetes;

        public override bool Waivable => waivable;

        public override string Summary => "scripted";

        public override string Description => "scripted";

        public override string Recommendation => "fix " + id;

        public override string Example => "scripted";

        public override ImmutableArray<RuleLink> Links => [];

        public Finding FoundWithoutContext() => Found(null!, "a", "m", new SourceLocation("prod.yaml", 1, 1));

        public override IEnumerable<Finding> Check(RuleContext context) =>
            findings(context).Select(f => Found(context, f.Subject, f.Message, f.Location, overrideSeverity, f.Object));
    }
}
