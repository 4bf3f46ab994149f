using System.Globalization;
using System.Net;
using System.Text;
using Infra.Access.Rules;

namespace Infra.Access.Usage;

/// <summary>
/// The usage dashboard: one self-contained HTML page (inline CSS, no script, no external asset) with
/// risk first: anomalies, then the compliance status (the guardrail findings of the definition
/// today), then role usage and what to prune. Every table is bounded; every text is escaped.
/// </summary>
public static class UsageHtml
{
    public const int MaxRows = 200;

    private const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f6f8;color:#1d2330}
        header{background:#1d2330;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:22px}header p{margin:0;color:#c9cfdb}
        main{padding:20px 28px;max-width:1400px}
        .cards{display:flex;gap:14px;flex-wrap:wrap;margin-bottom:18px}
        .card{background:#fff;border-radius:8px;padding:12px 18px;min-width:170px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        .card b{display:block;font-size:26px}.card span{color:#5b6475}
        .bad b{color:#b42318}.warn b{color:#b54708}.ok b{color:#067647}
        section{background:#fff;border-radius:8px;padding:14px 18px;margin-bottom:18px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
        h2{font-size:17px;margin:0 0 10px}
        table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e4e7ec;vertical-align:top}
        th{background:#f0f2f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;overflow-wrap:anywhere}td.t{white-space:nowrap}
        .tag{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
        .error{background:#fee4e2;color:#b42318}.warning{background:#fef0c7;color:#b54708}.active{background:#dcfae6;color:#067647}.inactive{background:#eaecf0;color:#344054}
        .bar{display:inline-block;height:10px;background:#2e90fa;border-radius:2px;vertical-align:middle}.bar.unused{background:#d0d5dd}
        .muted{color:#667085}
        """;

    public static string Render(UsageReport report, GuardrailReport compliance, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(compliance);
        var html = new StringBuilder();
        var unused = report.Identities.Sum(i => i.Unused.Length);
        var used = report.Identities.Sum(i => i.Used.Length);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title>Access usage: {E(report.Environment)}</title>\n<style>{Style}</style>\n</head>\n<body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<header><h1>Access usage: {E(report.Environment)}</h1><p>{E(report.Definition)}, {E(UsageText.Window(report))}; compliance on {today:yyyy-MM-dd}. {E(UsageText.Summary(report))}.</p></header>\n<main>\n");
        if (UsageText.NothingInWindow(report) is { } nothing)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section id=\"window\"><h2><span class=\"tag warning\">warning</span> {E(nothing)}</h2></section>\n");
        }

        html.Append("<div class=\"cards\">")
            .Append(Card(report.AnomalyCount == 0 ? "ok" : "bad", report.AnomalyCount, "anomalous record(s)"))
            .Append(Card(compliance.Errors == 0 ? "ok" : "bad", compliance.Errors, "guardrail error(s)"))
            .Append(Card(unused == 0 ? "ok" : "warn", unused, "grant(s) never used"))
            .Append(Card("", used, "grant(s) used"))
            .Append(Card("", report.Identities.Length, "identities"))
            .Append(Card(report.Input.Malformed == 0 ? "ok" : "warn", report.Input.Malformed, "malformed line(s)"))
            .Append("</div>\n");

        html.Append(CultureInfo.InvariantCulture, $"<section id=\"anomalies\"><h2>Anomalies ({report.Anomalies.Length} group(s))</h2>\n");
        if (report.Anomalies.IsEmpty)
        {
            html.Append("<p class=\"muted\">None in the window.</p>");
        }
        else
        {
            html.Append("<table><tr><th>level</th><th>kind</th><th>who</th><th>action</th><th>detail</th><th>count</th><th>first seen</th><th>last seen</th><th>first at</th></tr>\n");
            foreach (var a in report.Anomalies.Take(MaxRows))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Tag(a.Severity)}</td><td>{a.Id} <code>{a.Name}</code></td><td><code>{E(UsageText.Who(a))}</code></td><td><code>{E(a.Action)}</code></td><td>{E(a.Detail)}</td><td class=\"n\">{a.Count}</td><td class=\"t\">{AuditTime.Format(a.FirstSeen)}</td><td class=\"t\">{AuditTime.Format(a.LastSeen)}</td><td><code>{E(a.FirstAt.ToString())}</code></td></tr>\n");
            }

            html.Append("</table>").Append(More(report.Anomalies.Length));
        }

        html.Append(CultureInfo.InvariantCulture, $"</section>\n<section id=\"compliance\"><h2>Compliance: {compliance.Errors} error(s), {compliance.Warnings} warning(s), {compliance.Waived.Length} waived</h2>\n");
        if (compliance.Findings.IsEmpty)
        {
            html.Append("<p class=\"muted\">Every guardrail passes.</p>");
        }
        else
        {
            html.Append("<table><tr><th>level</th><th>rule</th><th>subject</th><th>message</th><th>at</th></tr>\n");
            foreach (var f in compliance.Findings.Take(MaxRows))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{Tag(f.Severity)}</td><td>{E(f.RuleId)} <code>{E(f.RuleName)}</code></td><td><code>{E(f.Subject)}</code></td><td>{E(f.Message)}</td><td><code>{E(f.Location.ToString())}</code></td></tr>\n");
            }

            html.Append("</table>").Append(More(compliance.Findings.Length));
        }

        html.Append("</section>\n<section id=\"usage\"><h2>Role usage</h2>\n<table><tr><th>identity</th><th>state</th><th>requests</th><th>Vault logins</th><th>grants used / never used</th><th>last seen</th></tr>\n");
        foreach (var i in report.Identities.Take(MaxRows))
        {
            var total = Math.Max(1, i.Used.Length + i.Unused.Length);
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td><code>{E(i.Identity)}</code></td><td><span class=\"tag {(i.State == Definition.PipelineState.Active ? "active" : "inactive")}\">{i.State.ToString().ToLowerInvariant()}</span></td><td class=\"n\">{i.Requests}</td><td class=\"n\">{i.Logins}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><span class=\"bar\" style=\"width:{i.Used.Length * 160 / total}px\"></span><span class=\"bar unused\" style=\"width:{i.Unused.Length * 160 / total}px\"></span> {i.Used.Length} / {i.Unused.Length}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td class=\"t\">{(i.LastSeen is { } last ? AuditTime.Format(last) : "<span class=\"muted\">never</span>")}</td></tr>\n");
        }

        html.Append("</table>").Append(More(report.Identities.Length)).Append("</section>\n");
        var prune = report.Identities.SelectMany(i => i.Unused.Select(g => (i.Identity, Grant: g))).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"prune\"><h2>Grants never used in the window ({prune.Count}): candidates to prune</h2>\n");
        if (prune.Count > 0)
        {
            html.Append("<table><tr><th>identity</th><th>system</th><th>scope</th><th>resource</th><th>action</th><th>granted by</th><th>declared at</th></tr>\n");
            foreach (var (identity, g) in prune.Take(MaxRows))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td><code>{E(identity)}</code></td><td>{E(g.System)}</td><td><code>{E(g.Scope)}</code></td><td><code>{E(g.Resource)}</code></td><td>{E(g.Action)}</td><td>{E(g.GrantedBy)}</td><td><code>{E(g.Declared.ToString())}</code></td></tr>\n");
            }

            html.Append("</table>").Append(More(prune.Count));
        }
        else
        {
            html.Append("<p class=\"muted\">Every grant was used (in the systems whose logs were read).</p>");
        }

        html.Append("</section>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Card(string kind, long value, string label) =>
        string.Create(CultureInfo.InvariantCulture, $"<div class=\"card {kind}\"><b>{value}</b><span>{label}</span></div>");

    private static string Tag(Severity severity) => severity == Severity.Error ? "<span class=\"tag error\">error</span>" : "<span class=\"tag warning\">warning</span>";

    private static string More(int count) =>
        count > MaxRows ? string.Create(CultureInfo.InvariantCulture, $"<p class=\"muted\">... and {count - MaxRows} more; --format json lists them all.</p>") : "";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
