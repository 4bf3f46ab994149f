using System.Text;

namespace Infra.Access.Rules.Reporting;

/// <summary>
/// A rule's docs page (docs/rules/&lt;ID&gt;.md) with the fixed sections Synopsis, Description,
/// Recommendation, Examples and Links, generated from the rule so page and code cannot disagree.
/// </summary>
public static class RuleDocs
{
    public static string Markdown(GuardrailRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var text = new StringBuilder();
        text.Append("<!-- Generated from access/Rules: run scripts/update-golden.sh after changing a rule. -->\n");
        text.Append("# ").Append(rule.Id).Append(": ").Append(rule.Name).Append("\n\n");
        text.Append("| ID | severity | category | waivable |\n|---|---|---|---|\n");
        text.Append("| ").Append(rule.Id).Append(" | ").Append(FindingsText.Level(rule.Severity)).Append(" | ")
            .Append(rule.Category.ToString().ToLowerInvariant()).Append(" | ").Append(Waivable(rule)).Append(" |\n\n");
        text.Append("## Synopsis\n\n").Append(rule.Summary).Append("\n\n");
        text.Append("## Description\n\n").Append(rule.Description).Append("\n\n");
        text.Append("## Recommendation\n\n").Append(rule.Recommendation).Append("\n\n");
        text.Append("## Examples\n\nPasses:\n\n```yaml\n").Append(rule.Example).Append("\n```\n\n");
        text.Append("Fixtures that must pass and must fail: `tests/Infra.Access.Tests/Fixtures/Rules/").Append(rule.Id).Append("/`.\n\n");
        text.Append("## Links\n\n");
        foreach (var link in rule.Links)
        {
            text.Append("- [").Append(link.Title).Append("](").Append(link.Url).Append(")\n");
        }

        return text.ToString();
    }

    /// <summary>Whether and how an exception names a finding of the rule (docs/rules/README.md, exceptions).</summary>
    private static string Waivable(GuardrailRule rule) =>
        !rule.Waivable ? "no (no exception can switch it off)"
        : (rule.WaiverObject is { } kind ? $"yes, for one object: {kind}" : "yes (an exception names no object)")
            + (rule.WaivableInSystemNamespaces ? "" : "; never in default or kube-* namespaces")
            + (rule.WaivableInProduction ? "" : "; never in production");
}
