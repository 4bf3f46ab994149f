namespace Infra.Access.Tests.Rules;

/// <summary>Walks Fixtures/Rules/&lt;ID&gt;/pass and fail: each fixture states what its rule must find.</summary>
public sealed class RuleFixtureTests
{
    public static TheoryData<string> Fixtures() => [.. RuleFixture.All()];

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Check_WhenFixtureIsRun_ShouldFindWhatItStates(string fixture)
    {
        var f = RuleFixture.Read(fixture);
        var report = f.Run();

        var found = report.Findings.Where(x => x.RuleId == f.Rule).ToList();
        if (f.Kind == "pass")
        {
            Assert.True(found.Count == 0, $"{fixture}: expected no {f.Rule} findings, got: {string.Join("; ", found.Select(x => x.Message))}");
            Assert.True(f.Findings == 0, $"{fixture}: a pass fixture expects 0 findings");
        }
        else
        {
            Assert.Equal("fail", f.Kind);
            Assert.True(f.Findings > 0, $"{fixture}: a fail fixture expects at least one finding");
            Assert.True(found.Count == f.Findings, $"{fixture}: expected {f.Findings} {f.Rule} findings, got {found.Count}: {string.Join("; ", found.Select(x => x.Message))}");
            Assert.False(string.IsNullOrEmpty(f.Message), $"{fixture}: a fail fixture states a message fragment");
            Assert.All(found, x => Assert.Contains(f.Message!, x.Message, StringComparison.Ordinal));
            Assert.All(found, x => Assert.True(x.Location.Line > 0, $"{fixture}: finding without a line: {x.Message}"));
        }

        if (f.Severity is { } severity)
        {
            Assert.All(found, x => Assert.Equal(severity, x.Severity));
        }

        // Lines and subjects in report order (location, rule, subject, message): they pin where a
        // finding points and whom it names, not only that it exists.
        if (f.Lines is { } lines)
        {
            Assert.Equal(lines.AsEnumerable(), found.Select(x => x.Location.Line));
        }

        if (f.Subjects is { } subjects)
        {
            Assert.Equal(subjects.AsEnumerable(), found.Select(x => x.Subject));
        }

        if (f.Waived is { } waived)
        {
            Assert.Equal(waived, report.Waived.Count(w => w.Finding.RuleId == f.Rule));
        }
    }

    [Theory]
    [InlineData("prod")]
    [InlineData("staging")]
    public void Check_WhenBaseDefinitionIsChecked_ShouldHaveNoFindings(string name)
    {
        var report = new RuleFixture("base", "pass", name, [name], [], [], RuleFixture.DefaultToday, 0, null, null).Run();

        Assert.Empty(report.Findings);
    }
}
