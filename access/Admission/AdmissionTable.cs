using System.Globalization;
using System.Text;

namespace Infra.Access.Admission;

/// <summary>What each write capability may change at admission, as the Markdown table docs/capabilities.md embeds (kept fresh by a test).</summary>
public static class AdmissionTable
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("| capability | requests it may send (besides reads) | what may change; everything else is denied |\n");
        text.Append("|---|---|---|\n");
        foreach (var (capability, request, mayChange) in AdmissionPlanner.Changes)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {(capability == "any other" ? "any other request" : $"`{capability}`")} | {request} | {mayChange} |\n");
        }

        return text.ToString();
    }
}
