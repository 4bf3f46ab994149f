using Infra.Access.Loading;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Loading;

/// <summary>
/// What the loader refuses before binding anything: anchors, aliases and merge keys (a line must
/// mean what it says), deep nesting, oversized input, several documents, control characters.
/// </summary>
public sealed class InputBoundTests
{
    [Theory]
    [InlineData("    team: web-team", "    team: &owner web-team", 26, 11, "anchor &owner is not allowed")]
    [InlineData("    approvers: [bob]", "    approvers: [*owner]", 32, 17, "alias *owner is not allowed")]
    [InlineData("    team: web-team", "    <<: {team: web-team}", 26, 5, "merge keys (<<) are not allowed")]
    [InlineData("  cluster:\n", "  cluster: &cluster\n", 5, 12, "anchor &cluster is not allowed")]
    [InlineData("    maintainers: [alice]", "    maintainers: &people [alice]", 31, 18, "anchor &people is not allowed")]
    [InlineData("    team: web-team", "    team: [web-team", 26, 11, "YAML syntax: cannot read past this point (an unclosed")]
    [InlineData("    team: web-team", "    team: web-team\n   bad: indent", 27, 4, "YAML syntax: While parsing a block collection")]
    public void Load_WhenYamlHidesOrBreaksWhatALineMeans_ShouldRefuseIt(string find, string replace, int line, int column, string fragment) =>
        AssertError(Definitions.Load(Definitions.Patch(find, replace)), line, column, fragment);

    [Fact]
    public void Load_WhenAliasesWouldExpandExponentially_ShouldRefuseTheFirstAnchor()
    {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";

        AssertError(Definitions.Load(bomb), 1, 4, "anchor &a is not allowed");
    }

    [Fact]
    public void Load_WhenNestingIsDeeperThanTheDefaultLimit_ShouldRefuseIt()
    {
        var deep = "environment: " + new string('[', 200) + new string(']', 200) + "\n";

        var result = Definitions.Load(deep);

        AssertError(result, 1, 14 + LoadLimits.Default.MaxDepth, $"nesting is deeper than {LoadLimits.Default.MaxDepth} levels");
    }

    [Fact]
    public void Load_WhenNestingIsDeeperThanAGivenLimit_ShouldRefuseTheFirstNodeBelowIt()
    {
        // root (0) > environment (1) > cluster (2) > apiServerCidrs (3) > its item (4)
        var result = Definitions.Load(Definitions.Minimal, LoadLimits.Default with { MaxDepth = 3 });

        AssertError(result, 9, 22, "nesting is deeper than 3 levels");
    }

    [Fact]
    public void Load_WhenFileIsLargerThanTheLimit_ShouldRefuseItWhole()
    {
        var result = Definitions.Load(Definitions.Minimal, LoadLimits.Default with { MaxCharacters = 100 });

        AssertError(result, 1, 1, $"the file has {Definitions.Minimal.Length} characters; the limit is 100");
    }

    [Fact]
    public void Load_WhenAValueIsLongerThanTheScalarLimit_ShouldRefuseIt()
    {
        var result = Definitions.Load(Definitions.Minimal, LoadLimits.Default with { MaxScalarLength = 10 });

        AssertError(result, 2, 1, "a value of 11 characters is longer than the limit of 10");
    }

    [Fact]
    public void Load_WhenTheFileHasMoreNodesThanTheLimit_ShouldRefuseIt()
    {
        var result = Definitions.Load(Definitions.Minimal, LoadLimits.Default with { MaxNodes = 5 });

        // root, environment, its mapping, name, test: the sixth node is the key tier.
        AssertError(result, 4, 3, "the file has more than 5 YAML nodes");
    }

    [Fact]
    public void Load_WhenTheFileHoldsTwoDocuments_ShouldRefuseIt()
    {
        var result = Definitions.Load(Definitions.Minimal + "---\nenvironment: {}\n");

        AssertError(result, 40, 1, "the file holds more than one YAML document");
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("\n\n")]
    public void Load_WhenTheFileIsEmpty_ShouldSaySo(string text) =>
        AssertError(Definitions.Load(text), 1, 1, "the file is empty");

    [Theory]
    [InlineData("- environment\n", "expected a mapping (definition), found a list")]
    [InlineData("environment\n", "expected a mapping (definition), found 'environment'")]
    [InlineData("--- ~\n", "expected a mapping (definition), found nothing (null)")]
    public void Load_WhenTheRootIsNotAMapping_ShouldSaySo(string text, string fragment) =>
        AssertError(Definitions.Load(text), 1, text.StartsWith("---", StringComparison.Ordinal) ? 5 : 1, fragment);

    [Theory]
    [InlineData("\"web\\x01team\"")]
    [InlineData("\"web\\u0085team\"")]
    [InlineData("\"web\\x1bteam\"")]
    [InlineData("\"web\\nteam\"")]
    public void Load_WhenAValueHoldsAControlCharacter_ShouldRefuseIt(string value) =>
        Definitions.AssertError(Definitions.Load(Definitions.Patch("    team: web-team", "    team: " + value)), 26, 11, "pipelines[0].team", "holds a control character");

    private static void AssertError(LoadResult result, int line, int column, string fragment) =>
        Definitions.AssertError(result, line, column, "", fragment);
}
