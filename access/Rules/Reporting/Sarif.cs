using System.Globalization;
using Infra.Access.Rendering;

namespace Infra.Access.Rules.Reporting;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning and Microsoft's SARIF validator accept it: every rule with its
/// help text and absolute link, the tool's version, the run's category, and results with a physical
/// location (repository-relative file, 1-based line and column). Waived findings are included with a
/// suppression, so the scan shows who accepted what. Fingerprints hold only what names the finding
/// (rule, environment, subject, object), never its message: a message may carry a date or a count
/// that changes from one day to the next, and a changed fingerprint reopens an alert as new.
/// </summary>
public static class Sarif
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string Version = "2.1.0";

    public const string ToolName = "access";
    public const string ToolFullName = "access: least-privilege CI/CD access guardrails";
    public const string FingerprintKey = "accessFinding/v2";

    /// <param name="report">The findings.</param>
    /// <param name="catalog">The rules to describe.</param>
    /// <param name="options">Links, version, category and file names; defaults when null.</param>
    public static string Render(GuardrailReport report, RuleCatalog catalog, SarifOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(catalog);
        options ??= new SarifOptions();
        var rules = catalog.Rules;
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var all = report.Findings.Select(f => (Finding: f, Waived: (WaivedFinding?)null))
            .Concat(report.Waived.Select(w => (Finding: w.Finding, Waived: (WaivedFinding?)w)))
            .ToList();
        var fingerprints = Fingerprints(all.Select(x => x.Finding));
        var results = all.Select((x, i) => Result(x.Finding, index, x.Waived, fingerprints[i], options));
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
                            name = ToolName,
                            fullName = ToolFullName,
                            version = options.ToolVersion,
                            semanticVersion = options.SemanticVersion,
                            informationUri = options.HelpBaseUri is null ? null : options.HelpBaseUri + "README.md",
                            rules = rules.Select(r => new
                            {
                                id = r.Id,
                                name = r.Name,
                                shortDescription = new { text = r.Summary },
                                fullDescription = new { text = r.Description },
                                help = new { text = r.Recommendation, markdown = $"**{r.Summary}**\n\n{r.Description}\n\n**Recommendation:** {r.Recommendation}" },
                                helpUri = options.HelpUri(r),
                                defaultConfiguration = new { level = Level(r.Severity) },
                                properties = new { category = r.Category.ToString().ToLowerInvariant(), waivable = r.Waivable, tags = new[] { "security", r.Category.ToString().ToLowerInvariant() } },
                            }),
                        },
                    },
                    automationDetails = new { id = options.Category + "/" },
                    results,
                    columnKind = "unicodeCodePoints",
                },
            },
        });
    }

    /// <summary>
    /// One fingerprint per finding: rule, environment, subject and object. Findings that share all
    /// four (a rule without objects reporting twice about one subject) are told apart by their
    /// ordinal among them, in report order, so no two results of a run share a fingerprint.
    /// </summary>
    public static IReadOnlyList<string> Fingerprints(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var f in findings)
        {
            var key = $"{f.RuleId}|{f.Environment}|{f.Subject}|{f.Object}";
            var n = seen.GetValueOrDefault(key) + 1;
            seen[key] = n;
            result.Add(n == 1 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}|{n}"));
        }

        return result;
    }

    private static object Result(Finding f, Dictionary<string, int> index, WaivedFinding? waived, string fingerprint, SarifOptions options) => new
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
                    artifactLocation = new { uri = options.ArtifactUri(f.Location.File) },
                    region = new { startLine = Math.Max(1, f.Location.Line), startColumn = Math.Max(1, f.Location.Column) },
                },
            },
        },
        partialFingerprints = new Dictionary<string, string> { [FingerprintKey] = fingerprint },
        properties = f.Object is null ? null : new { @object = f.Object },
        suppressions = waived is null ? null : new[] { new { kind = "external", status = "accepted", justification = string.Create(CultureInfo.InvariantCulture, $"{waived.Waiver.Reason} (object {waived.Waiver.Object ?? "none"}, approved by {waived.Waiver.ApprovedBy}, expires {waived.Waiver.Expires:yyyy-MM-dd})") } },
    };

    private static string Level(Severity severity) => severity == Severity.Error ? "error" : "warning";
}
