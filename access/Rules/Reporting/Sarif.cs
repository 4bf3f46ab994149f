using System.Globalization;
using Infra.Access.Rendering;

namespace Infra.Access.Rules.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning accepts it: every rule with its help text and link, and
/// results with a physical location (repository-relative file, 1-based line and column).
/// Waived findings are included with a suppression, so the scan shows who accepted what.
/// </summary>
public static class Sarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string Version = "2.1.0";

    /// <param name="report">The findings.</param>
    /// <param name="catalog">The rules to describe.</param>
    /// <param name="helpBaseUri">Prefix making rule docs links absolute (e.g. the repository's blob URL); relative when null.</param>
    public static string Render(GuardrailReport report, RuleCatalog catalog, string? helpBaseUri = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(catalog);
        var rules = catalog.Rules;
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var results = report.Findings.Select(f => Result(f, index, null))
            .Concat(report.Waived.Select(w => Result(w.Finding, index, w)));
        return Json.Serialize(new Dictionary<string, object>
        {
            ["$schema"] = SchemaUri,
            ["version"] = Version,
            ["runs"] = new[]
            {
                new
                {
                    tool = new
                    {
                        driver = new
                        {
                            name = "access",
                            informationUri = helpBaseUri is null ? null : helpBaseUri + "README.md",
                            rules = rules.Select(r => new
                            {
                                id = r.Id,
                                name = r.Name,
                                shortDescription = new { text = r.Summary },
                                fullDescription = new { text = r.Description },
                                help = new { text = r.Recommendation, markdown = $"**{r.Summary}**\n\n{r.Description}\n\n**Recommendation:** {r.Recommendation}" },
                                helpUri = (helpBaseUri ?? "") + r.HelpUri,
                                defaultConfiguration = new { level = Level(r.Severity) },
                                properties = new { category = r.Category.ToString().ToLowerInvariant(), waivable = r.Waivable, tags = new[] { "security", r.Category.ToString().ToLowerInvariant() } },
                            }),
                        },
                    },
                    results,
                    columnKind = "unicodeCodePoints",
                },
            },
        });
    }

    private static object Result(Finding f, Dictionary<string, int> index, WaivedFinding? waived) => new
    {
        ruleId = f.RuleId,
        ruleIndex = index.TryGetValue(f.RuleId, out var i) ? i : (int?)null,
        level = Level(f.Severity),
        message = new { text = $"[{f.Environment}] {f.Subject}{FindingsText.On(f)}: {f.Message}. Fix: {f.Remediation}" },
        locations = new[]
        {
            new
            {
                physicalLocation = new
                {
                    artifactLocation = new { uri = f.Location.File.Replace('\\', '/') },
                    region = new { startLine = Math.Max(1, f.Location.Line), startColumn = Math.Max(1, f.Location.Column) },
                },
            },
        },
        partialFingerprints = new Dictionary<string, string> { ["accessFinding/v1"] = $"{f.RuleId}|{f.Environment}|{f.Subject}|{f.Message}" },
        properties = f.Object is null ? null : new { @object = f.Object },
        suppressions = waived is null ? null : new[] { new { kind = "external", status = "accepted", justification = string.Create(CultureInfo.InvariantCulture, $"{waived.Waiver.Reason} (object {waived.Waiver.Object ?? "none"}, approved by {waived.Waiver.ApprovedBy}, expires {waived.Waiver.Expires:yyyy-MM-dd})") } },
    };

    private static string Level(Severity severity) => severity == Severity.Error ? "error" : "warning";
}
