using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Tests.Fixtures;
using Infra.Testing;

namespace Infra.Access.Tests.Golden;

/// <summary>
/// The golden render cases: each folder of Golden/Render holds a definition.yaml (or, for the
/// folders named stacks-ENV, stands for stacks/ENV.yaml) and every file the renderers make from it.
/// </summary>
internal static class RenderCases
{
    public const string DefinitionFile = "definition.yaml";
    private const string StackPrefix = "stacks-";

    public static string Folder { get; } = RepositoryRoot.File("tests", "Infra.Access.Tests", "Golden", "Render");

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    /// <summary>The definition of a case: its text and the file name errors and the plan carry.</summary>
    public static (string Text, string File) Definition(string name) =>
        name.StartsWith(StackPrefix, StringComparison.Ordinal)
            ? (Definitions.Read("stacks", name[StackPrefix.Length..] + ".yaml"), $"stacks/{name[StackPrefix.Length..]}.yaml")
            : (Definitions.Read("tests", "Infra.Access.Tests", "Golden", "Render", name, DefinitionFile), DefinitionFile);

    public static Plan Plan(string name)
    {
        var (text, file) = Definition(name);
        var result = DefinitionLoader.Load(text, file);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return Planner.Build(result.Definition!);
    }

    /// <summary>Every output of every renderer, as the golden folder holds them.</summary>
    public static IReadOnlyList<RenderedFile> Render(Plan plan) =>
    [
        .. KubernetesRenderer.Files(plan),
        .. VaultRenderer.Render(plan),
        AzureRenderer.Render(plan),
        new RenderedFile("plan.txt", PlanRenderer.Text(plan)),
        new RenderedFile("plan.json", PlanRenderer.JsonText(plan)),
    ];
}
