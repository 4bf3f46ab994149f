using Infra.Access.Rendering;

namespace Infra.Access.Usage;

/// <summary>The usage report for tools: everything, in the project's one JSON style.</summary>
public static class UsageJson
{
    public static string Render(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Json.Serialize(report);
    }
}
