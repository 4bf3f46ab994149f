using System.Globalization;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Synthetic;
using Infra.Testing;

namespace Infra.Access.Tests.Hostile;

/// <summary>The same definition gives the same outputs whatever its line endings and the machine's culture.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Definitions() => ["staging", "prod", "synthetic"];

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Plan_WhenLineEndingsAreCrLf_ShouldEqualThePlanOfLf(string name)
    {
        var lf = Text(name);
        Assert.DoesNotContain('\r', lf);
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        var fromLf = Outputs(lf);
        var fromCrLf = Outputs(crlf);

        Assert.Equal(fromLf, fromCrLf);
    }

    [Theory]
    [InlineData("staging", "tr-TR")]
    [InlineData("prod", "tr-TR")]
    [InlineData("synthetic", "tr-TR")]
    [InlineData("staging", "ar-SA")]
    [InlineData("prod", "de-DE")]
    public void Outputs_WhenCultureIsNotInvariant_ShouldEqualTheInvariantOutputs(string name, string culture)
    {
        var text = Text(name);
        var invariant = InCulture(CultureInfo.InvariantCulture, () => Outputs(text));

        var local = InCulture(new CultureInfo(culture), () => Outputs(text));

        Assert.Equal(invariant, local);
    }

    [Fact]
    public void Load_WhenSyntaxErrorIsInCrLfFile_ShouldReportTheSameLineAndColumnAsLf()
    {
        var lf = Text("staging").Replace("tier: non-production", "tier: [non-production", StringComparison.Ordinal);
        var crlf = lf.Replace("\n", "\r\n", StringComparison.Ordinal);

        var fromLf = DefinitionLoader.Load(lf, "staging.yaml").Errors;
        var fromCrLf = DefinitionLoader.Load(crlf, "staging.yaml").Errors;

        Assert.NotEmpty(fromLf);
        Assert.Equal(fromLf.Select(e => e.ToString()), fromCrLf.Select(e => e.ToString()));
    }

    private static string Text(string name) => name == "synthetic"
        ? CatalogGenerator.Generate(new CatalogOptions(40, 11))
        : File.ReadAllText(RepositoryRoot.File("stacks", name + ".yaml")).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Every output of the tool for one definition, in one list to compare.</summary>
    private static List<string> Outputs(string text)
    {
        var result = DefinitionLoader.Load(text, "definition.yaml");
        Assert.Empty(result.Errors);
        var plan = Planner.Build(result.Definition!);
        return
        [
            PlanRenderer.Text(plan),
            PlanRenderer.JsonText(plan),
            KubernetesRenderer.Render(plan).Content,
            .. VaultRenderer.Render(plan).Select(f => f.Path + "\n" + f.Content),
            AzureRenderer.Render(plan).Content,
        ];
    }

    private static T InCulture<T>(CultureInfo culture, Func<T> action)
    {
        var (before, beforeUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
            CultureInfo.CurrentUICulture = beforeUi;
        }
    }
}
