using Infra.Access.Rendering;
using Infra.Access.Rules.Reporting;

namespace Infra.Access.Usage;

/// <summary>
/// The anomalies as SARIF 2.1.0, in the conventions of the guardrails' writer (<see cref="Sarif"/>):
/// the USE catalog as rules, one result per anomaly group located at the log line of its first
/// record, with the definition line of the identity concerned as a related location.
/// </summary>
public static class UsageSarif
{
    private static readonly string[] Tags = ["security", "audit"];

    public static string Render(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var kinds = AnomalyKind.All;
        var index = kinds.Select((k, i) => (k.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        return Json.Serialize(new Dictionary<string, object>
        {
            ["$schema"] = Sarif.SchemaUri,
            ["version"] = Sarif.Version,
            ["runs"] = new[]
            {
                new
                {
                    tool = new
                    {
                        driver = new
                        {
                            name = "access usage",
                            informationUri = "docs/usage.md",
                            rules = kinds.Select(k => new
                            {
                                id = k.Id,
                                name = k.Name,
                                shortDescription = new { text = k.Summary },
                                fullDescription = new { text = k.Summary },
                                help = new { text = k.Recommendation, markdown = $"**{k.Summary}**\n\n**Recommendation:** {k.Recommendation}" },
                                helpUri = "docs/usage.md#anomalies",
                                defaultConfiguration = new { level = Level(k.Severity) },
                                properties = new { category = "usage", tags = Tags },
                            }),
                        },
                    },
                    results = report.Anomalies.Select(a => new
                    {
                        ruleId = a.Id,
                        ruleIndex = index[a.Id],
                        level = Level(a.Severity),
                        message = new { text = $"[{report.Environment}] {UsageText.Who(a)}: {a.Action}: {a.Detail} ({UsageText.Times(a.Count, a.FirstSeen, a.LastSeen)})" },
                        locations = new[] { Location(a.FirstAt.File, a.FirstAt.Line, 1) },
                        relatedLocations = a.Location is { } declared ? new[] { Location(declared.File, declared.Line, declared.Column) } : null,
                        partialFingerprints = new Dictionary<string, string> { ["accessUsage/v1"] = $"{a.Id}|{report.Environment}|{a.Principal}|{a.Action}" },
                        properties = new { identity = a.Identity, principal = a.Principal, count = a.Count, firstSeen = a.FirstSeen, lastSeen = a.LastSeen },
                    }),
                    columnKind = "unicodeCodePoints",
                },
            },
        });
    }

    private static object Location(string file, long line, int column) => new
    {
        physicalLocation = new
        {
            artifactLocation = new { uri = file.Replace('\\', '/') },
            region = new { startLine = Math.Max(1, line), startColumn = Math.Max(1, column) },
        },
    };

    private static string Level(Rules.Severity severity) => severity == Rules.Severity.Error ? "error" : "warning";
}
