using System.Globalization;
using System.Text;

namespace Infra.Access.Rules.Reporting;

/// <summary>The rule catalog as a Markdown table (README, `access rules --format markdown`) and as plain text.</summary>
public static class RuleTable
{
    public static string Markdown(RuleCatalog catalog, string docsPrefix = "docs/rules/")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var text = new StringBuilder();
        text.Append("| ID | name | severity | waivable | summary |\n|---|---|---|---|---|\n");
        foreach (var r in catalog.Rules)
        {
            text.Append(CultureInfo.InvariantCulture, $"| [{r.Id}]({docsPrefix}{r.Id}.md) | `{r.Name}` | {FindingsText.Level(r.Severity)} | {(!r.Waivable ? "no" : r.WaivableInProduction ? "yes" : "not in production")} | {r.Summary.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }

        return text.ToString();
    }

    public static string Text(RuleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var width = catalog.Rules.Max(r => r.Name.Length);
        var text = new StringBuilder();
        foreach (var r in catalog.Rules)
        {
            text.Append(r.Id).Append("  ").Append(r.Name.PadRight(width)).Append("  ")
                .Append(FindingsText.Level(r.Severity).PadRight(7)).Append("  ")
                .Append(r.Waivable ? "waivable    " : "non-waivable").Append("  ")
                .Append(r.Summary).Append('\n');
        }

        return text.ToString();
    }
}
