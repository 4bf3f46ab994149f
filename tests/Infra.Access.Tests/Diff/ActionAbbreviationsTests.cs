using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// Which Azure actions the diff's tables shorten, and how their legend reads (issue 12: long action
/// names must not push the risk column off screen, and a short one must never lose a segment).
/// </summary>
public sealed class ActionAbbreviationsTests
{
    [Theory]
    // 32 characters: shown whole, however many segments it has.
    [InlineData("Microsoft.Web/sites/slots/config", null)]
    // 33 characters, four segments: the last two stay readable behind the key.
    [InlineData("Microsoft.Web/sites/slots/configs", "[A1]/slots/configs")]
    [InlineData("Microsoft.ContainerRegistry/registries/push/write", "[A1]/push/write")]
    // Long, but with three segments or fewer there is nothing to shorten without losing the provider.
    [InlineData("Microsoft.ContainerRegistryLongName/registries/write", null)]
    [InlineData("Microsoft.ContainerRegistryLongNameWithoutAnySlashes", null)]
    // A leading '/' is a segment boundary like any other.
    [InlineData("/Microsoft.ContainerRegistryLongName/registries/write", "[A1]/registries/write")]
    [InlineData("/Microsoft.ContainerRegistry/registries/push/write", "[A1]/push/write")]
    [InlineData("/Microsoft.ContainerRegistryLongNameWithoutAnySlash", null)]
    public void Short_WhenAnActionIsOnlyChange_ShouldShortenOnlyLongActionsWithFourSegments(string action, string? shortened)
    {
        var abbreviations = ActionAbbreviations.For(Diff(action));

        Assert.Equal(shortened ?? action, abbreviations.Short(action));
        Assert.Equal(shortened is null ? 0 : 1, abbreviations.Legend.Count);
    }

    [Fact]
    public void Short_WhenAShortActionHasManySegments_ShouldShowItWhole()
    {
        var abbreviations = ActionAbbreviations.For(Diff("Microsoft.Web/sites/a/b/c/d"));

        Assert.Equal("Microsoft.Web/sites/a/b/c/d", abbreviations.Short("Microsoft.Web/sites/a/b/c/d"));
        Assert.Equal("Microsoft.Web/sites/slots/a/b", abbreviations.Short("Microsoft.Web/sites/slots/a/b"));
        Assert.Empty(abbreviations.Legend);
    }

    [Fact]
    public void Legend_WhenThereAreMoreThanNineKeys_ShouldListThemInNumberOrder()
    {
        var actions = Enumerable.Range(0, 12).Select(i => $"Microsoft.Provider{i:D2}/resourceTypes/items/read").ToArray();

        var abbreviations = ActionAbbreviations.For(Diff(actions));

        Assert.Equal(
            Enumerable.Range(1, 12).Select(i => ($"A{i}", $"Microsoft.Provider{i - 1:D2}/resourceTypes")),
            abbreviations.Legend);
        Assert.Equal("[A10]/items/read", abbreviations.Short("Microsoft.Provider09/resourceTypes/items/read"));
        // A prefix the diff never showed has no key: the action stays whole.
        Assert.Equal("Microsoft.Provider99/resourceTypes/items/read", abbreviations.Short("Microsoft.Provider99/resourceTypes/items/read"));
    }

    [Fact]
    public void For_WhenGivenNothing_ShouldRefuseByName()
    {
        Assert.Equal("diff", Assert.Throws<ArgumentNullException>(() => ActionAbbreviations.For(null!)).ParamName);
        Assert.Equal("action", Assert.Throws<ArgumentNullException>(() => ActionAbbreviations.For(Diff()).Short(null!)).ParamName);
    }

    private static AccessDiff Diff(params string[] actions)
    {
        var rows = actions.Select(a => new RowChange(Change.Gained, "azure", "rg-x", "rg-x", a, "payments-api/deploy", [Risk.Write])).ToImmutableArray();
        var identity = new IdentityDiff("payments-api/deploy", IdentityStatus.Changed, "repo:example/payments:environment:prod", [], rows);
        return new AccessDiff([new EnvironmentDiff("prod", Tier.Production, EnvironmentStatus.Changed, [], [], rows.Length, 0, [identity], [], [], [])]);
    }
}
