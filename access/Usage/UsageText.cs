using System.Globalization;
using System.Text;

namespace Infra.Access.Usage;

/// <summary>The usage report for people: anomalies first (at most <see cref="MaxShown"/>), then each identity's used and unused grants.</summary>
public static class UsageText
{
    public const int MaxShown = 100;

    public static string Render(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Usage of {report.Environment} ({report.Definition}) {Window(report)}: {Summary(report)}\n");
        if (NothingInWindow(report) is { } nothing)
        {
            text.Append(nothing).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"\nAnomalies: {report.AnomalyCount} record(s) in {report.Anomalies.Length} group(s)\n");
        foreach (var a in report.Anomalies.Take(MaxShown))
        {
            text.Append(CultureInfo.InvariantCulture, $"{a.FirstAt}: {Level(a)} {a.Id} {a.Name}: {Who(a)}: {a.Action}: {a.Detail} ({Times(a.Count, a.FirstSeen, a.LastSeen)})");
            if (a.Location is { } location)
            {
                text.Append(CultureInfo.InvariantCulture, $"; declared at {location}");
            }

            text.Append('\n');
        }

        if (report.Anomalies.Length > MaxShown)
        {
            text.Append(CultureInfo.InvariantCulture, $"... and {report.Anomalies.Length - MaxShown} more group(s) not shown; --format json or sarif lists them all\n");
        }

        if (report.AnomaliesNotItemized > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"... and {report.AnomaliesNotItemized} more anomalous record(s) beyond the group limit, counted, not itemized\n");
        }

        text.Append("\nIdentities:\n");
        foreach (var identity in report.Identities)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {identity.Identity} ({identity.State.ToString().ToLowerInvariant()}): {identity.Requests} request(s), {identity.Logins} Vault login(s)");
            text.Append(identity.LastSeen is { } last ? $", last seen {AuditTime.Format(last)}\n" : ", not seen\n");
            foreach (var g in identity.Used)
            {
                text.Append(CultureInfo.InvariantCulture, $"    used   {Grant(g)}: {Times(g.Count, g.FirstSeen!.Value, g.LastSeen!.Value)}\n");
            }

            foreach (var g in identity.Unused)
            {
                text.Append(CultureInfo.InvariantCulture, $"    unused {Grant(g)}: never used in the window; declared at {g.Declared}\n");
            }

            if (identity.NotCovered > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {identity.NotCovered} grant(s) in systems whose logs were not read\n");
            }
        }

        var unused = report.Identities.Sum(i => i.Unused.Length);
        text.Append(CultureInfo.InvariantCulture, $"\n{report.AnomalyCount} anomalous record(s), {unused} grant(s) never used in the window, {report.Input.Malformed} malformed line(s) skipped\n");
        return text.ToString();
    }

    public static string Window(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return (report.Since, report.Until) switch
        {
            (null, null) => "over the whole logs",
            ({ } s, null) => $"since {AuditTime.Format(s)}",
            (null, { } u) => $"until {AuditTime.Format(u)}",
            ({ } s, { } u) => $"from {AuditTime.Format(s)} until {AuditTime.Format(u)}",
        };
    }

    public static string Summary(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var input = report.Input;
        var systems = input.Systems.IsEmpty ? "no audit system" : string.Join(", ", input.Systems);
        return string.Create(CultureInfo.InvariantCulture,
            $"{input.Records} record(s) from {input.Lines} line(s) ({systems}), {input.InWindow} in the window, {input.OutsideWindow} outside, {input.NotCi} by non-CI identities, {input.Malformed} malformed line(s) skipped");
    }

    /// <summary>
    /// A warning when no record fell in the window: not an error (the logs were read, the window chose
    /// nothing), but "0 anomalies" and "every grant unused" then mean nothing, and the reader must see it.
    /// </summary>
    public static string? NothingInWindow(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Input.InWindow > 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"No record in the window: {report.Input.Records} record(s) read, all outside it; nothing was judged (check --since and --until).");
    }

    public static string Who(UsageAnomaly anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        return anomaly.Identity is null ? anomaly.Principal : $"{anomaly.Identity} ({anomaly.Principal})";
    }

    public static string Grant(GrantUsage grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        return $"{grant.System} {grant.Scope} {grant.Resource} {grant.Action} (via {grant.GrantedBy})";
    }

    public static string Times(long count, DateTimeOffset first, DateTimeOffset last) =>
        count == 1 ? $"1x at {AuditTime.Format(first)}" : string.Create(CultureInfo.InvariantCulture, $"{count}x, {AuditTime.Format(first)} to {AuditTime.Format(last)}");

    private static string Level(UsageAnomaly anomaly) => anomaly.Severity == Rules.Severity.Error ? "error" : "warning";
}
