using System.Globalization;
using Infra.Access.Format;
using Infra.Access.Rendering;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Golden;

namespace Infra.Access.Tests.Determinism;

/// <summary>
/// Plan and render give byte-identical output run after run and whatever the machine's culture:
/// tr-TR changes casing (i/İ) and both change number and date formatting if anything leaks.
/// </summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Cases() => [.. RenderCases.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenRunTwice_ShouldGiveByteIdenticalFiles(string name)
    {
        var first = RenderCases.Render(RenderCases.Plan(name));
        var second = RenderCases.Render(RenderCases.Plan(name));

        Assert.Equal(first, second);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenCultureIsTurkish_ShouldGiveTheSameFilesAsUnderTheInvariantCulture(string name)
    {
        var invariant = InCulture("", () => RenderCases.Render(RenderCases.Plan(name)));
        var turkish = InCulture("tr-TR", () => RenderCases.Render(RenderCases.Plan(name)));

        Assert.Equal(invariant, turkish);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenAnyFileIsMade_ShouldUseOnlyLineFeeds(string name)
    {
        foreach (var file in RenderCases.Render(RenderCases.Plan(name)))
        {
            Assert.DoesNotContain('\r', file.Content);
            Assert.EndsWith("\n", file.Content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void GeneratedText_WhenCultureIsTurkish_ShouldNotChange()
    {
        string[] Generate() => [SchemaWriter.Write(), Catalog.CapabilityTable.Markdown()];

        var invariant = InCulture("", Generate);
        var turkish = InCulture("tr-TR", Generate);

        Assert.Equal(invariant, turkish);
        Assert.All(turkish, text => Assert.DoesNotContain('\r', text));
    }

    [Fact]
    public void LoadErrors_WhenCultureIsTurkish_ShouldNotChange()
    {
        var text = Definitions.Patch("    retentionDays: 30", "    retentionDays: 99999\n    immutableStorage: TRUE\n    kubernetesCategories: [KUBE-AUDIT]");

        var invariant = InCulture("", () => string.Join("\n", Definitions.Load(text).Errors));
        var turkish = InCulture("tr-TR", () => string.Join("\n", Definitions.Load(text).Errors));

        Assert.Equal(invariant, turkish);
        Assert.Contains("99999 is outside 1..3650", turkish, StringComparison.Ordinal);
    }

    private static T InCulture<T>(string culture, Func<T> action)
    {
        var (savedCulture, savedUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }
    }
}
