using Infra.Access.Rendering;

namespace Infra.Access.Diff;

/// <summary>
/// The diff for tools: the <see cref="AccessDiff"/> record as JSON (camelCase, enums kebab-case),
/// plus the two answers a workflow branches on.
/// </summary>
public static class DiffJson
{
    public static string Render(AccessDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return Json.Serialize(new Document(diff.AccessChanged, diff.ProductionAccessGrows, diff.Environments));
    }

    private sealed record Document(bool AccessChanged, bool ProductionAccessGrows, IReadOnlyList<EnvironmentDiff> Environments);
}
