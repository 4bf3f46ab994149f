using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.Access.Loading;
using Infra.Access.Rules;
using Infra.Access.Rules.Reporting;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>
/// Issue 11, class 9: however many mistakes a file holds, the loader keeps a bounded number of
/// errors (the rest are counted) and the text report lists a bounded number of findings.
/// </summary>
public sealed class BoundedErrorTests
{
    /// <summary>The minimal definition followed by <paramref name="count"/> pipelines, each with three distinct mistakes.</summary>
    private static string ManyMistakes(int count)
    {
        var text = new StringBuilder(Definitions.Minimal);
        for (var i = 0; i < count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"  - name: Bad_{i}\n    state: maybe\n    unknown{i}: x\n");
        }

        return text.ToString();
    }

    [Fact]
    public void Load_WhenErrorsPassTheBound_ShouldKeepTheFirstOnesAndCountTheRest()
    {
        var text = ManyMistakes(400);
        var all = Definitions.Load(text, LoadLimits.Default with { MaxErrors = 100_000 });
        Assert.Equal(0, all.OmittedErrors);
        Assert.True(all.Errors.Length > 1000, $"only {all.Errors.Length} errors");

        var bounded = Definitions.Load(text, LoadLimits.Default with { MaxErrors = 50 });

        Assert.False(bounded.Succeeded);
        Assert.Equal(50, bounded.Errors.Length);
        Assert.Equal(all.Errors.Length, bounded.Errors.Length + bounded.OmittedErrors);
        // Kept are the first ones the loader met (it reads a mapping's unknown keys before its fields), sorted by position.
        Assert.All(bounded.Errors, e => Assert.Contains(e, all.Errors));
        Assert.Equal(bounded.Errors.OrderBy(e => e.Location), bounded.Errors);
        Assert.All(bounded.Errors, e => Assert.True(e.Location.Line < 100, e.ToString()));
    }

    [Fact]
    public void Load_ByDefault_ShouldKeepAtMostTheDefaultBound()
    {
        var result = Definitions.Load(ManyMistakes(5000));

        Assert.Equal(LoadLimits.Default.MaxErrors, result.Errors.Length);
        Assert.True(result.OmittedErrors > 10_000, $"{result.OmittedErrors} omitted");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 0)]
    [InlineData(101, 1)]
    [InlineData(20_000, 19_900)]
    public void FindingsText_WhenFindingsPassTheBound_ShouldListTheFirstOnesAndCountTheRest(int findings, int notShown)
    {
        var report = new GuardrailReport(
            [.. Enumerable.Range(0, findings).Select(i => new Finding("K8S001", "no-rbac-wildcard", Severity.Error, "staging", $"p{i}/deploy", "grants '*'", "name the verbs", new SourceLocation("x.yaml", i + 1, 1)))],
            ImmutableArray<WaivedFinding>.Empty,
            []);

        var text = FindingsText.Render(report);

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal((2 * Math.Min(findings, FindingsText.MaxShown)) + (notShown > 0 ? 1 : 0) + 1, lines.Length);
        Assert.StartsWith($"{findings} error(s)", lines[^1], StringComparison.Ordinal);
        if (notShown > 0)
        {
            Assert.Equal($"... and {notShown} more finding(s) not shown; --format json or sarif lists them all", lines[^2]);
        }
    }
}
