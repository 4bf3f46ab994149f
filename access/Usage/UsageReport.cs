using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Definition;
using Infra.Access.Rules;

namespace Infra.Access.Usage;

/// <summary>
/// What the audit logs say about one environment's plan within a window: per identity the grants
/// used and the grants never used (with the definition line declaring them), and the anomalies.
/// </summary>
public sealed record UsageReport(
    string Environment,
    string Definition,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    UsageInput Input,
    ImmutableArray<IdentityUsage> Identities,
    ImmutableArray<UsageAnomaly> Anomalies,
    long AnomaliesNotItemized)
{
    public long AnomalyCount => Anomalies.Sum(a => a.Count) + AnomaliesNotItemized;

    public bool HasAnomalies => AnomalyCount > 0;
}

/// <summary>
/// What was read: lines, records in and out of the window, records of non-CI identities, and the
/// malformed lines (the first <see cref="UsageLimits.MalformedShown"/> of them itemized).
/// <see cref="Systems"/> are the audit sources seen (kubernetes, vault): a grant counts as unused only
/// where its system's log was read.
/// </summary>
public sealed record UsageInput(
    long Lines,
    long Records,
    long InWindow,
    long OutsideWindow,
    long NotCi,
    long Malformed,
    ImmutableArray<MalformedLine> MalformedShown,
    ImmutableArray<string> Systems);

public sealed record MalformedLine(LogPosition Position, string Error);

public sealed record IdentityUsage(
    string Identity,
    PipelineState State,
    string CiSubject,
    SourceLocation Location,
    long Requests,
    long Logins,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    ImmutableArray<GrantUsage> Used,
    ImmutableArray<GrantUsage> Unused,
    int NotCovered);

/// <summary>One grant of an identity: system, scope, resource and action as the access matrix reads them.</summary>
public sealed record GrantUsage(
    string System,
    string Scope,
    string Resource,
    string Action,
    string GrantedBy,
    SourceLocation Declared,
    long Count,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen);

/// <summary>
/// Records of one anomaly kind by one principal doing one action, folded: how many, first and last
/// seen, and the log line of the first. <see cref="Identity"/> names the planned identity concerned
/// and <see cref="Location"/> its line in the definition, when the plan knows it.
/// </summary>
public sealed record UsageAnomaly(
    string Id,
    string Name,
    Severity Severity,
    string Principal,
    string Action,
    string Detail,
    string? Identity,
    SourceLocation? Location,
    long Count,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    LogPosition FirstAt);

/// <summary>
/// Bounds that keep the report and the memory flat whatever the logs hold. <see cref="MaxMalformed"/>
/// malformed lines in all stop the reading; <see cref="MaxMalformedPercent"/> is the share of a file's
/// non-blank lines that may be malformed (at least one line is always tolerated).
/// </summary>
public sealed record UsageLimits(int MaxLineLength = 4 << 20, int MaxMalformed = 100, int MalformedShown = 20, int MaxAnomalyGroups = 10_000, int MaxTextLength = 200,
    int MaxMalformedPercent = 10)
{
    public static UsageLimits Default { get; } = new();
}

/// <summary>
/// What one log file yielded: its non-blank lines, the audit records read from them, the well-formed
/// lines of no kind usage reads (AKS records of other categories) and the malformed ones.
/// </summary>
public readonly record struct FileReading(long NonBlank, long Records, long Other, long Malformed)
{
    /// <summary>
    /// Why the file cannot be judged by, or null. A log given explicitly must prove something: one
    /// that is empty or yields no audit record says nothing (it would read as "no anomaly"), and one
    /// whose malformed lines are more than <see cref="UsageLimits.MaxMalformedPercent"/> of its
    /// non-blank lines is damaged or of another kind, so the few records read from it prove nothing.
    /// One malformed line is always tolerated: a log rotated or copied mid-write ends in a cut line.
    /// </summary>
    public string? Problem(UsageLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (NonBlank == 0)
        {
            return "the log is empty: it holds no audit record, so it can show neither usage nor anomalies";
        }

        if (Records == 0)
        {
            var parts = new List<string>(2);
            if (Malformed > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Malformed} malformed"));
            }

            if (Other > 0)
            {
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{Other} AKS record(s) of other categories"));
            }

            return string.Create(CultureInfo.InvariantCulture,
                $"no audit record in {NonBlank} line(s) ({string.Join(", ", parts)}): is this a Kubernetes audit, AKS kube-audit or Vault audit log?");
        }

        return Malformed > 1 && Malformed * 100 > NonBlank * limits.MaxMalformedPercent
            ? string.Create(CultureInfo.InvariantCulture,
                $"{Malformed} of {NonBlank} non-blank line(s) are malformed, more than {limits.MaxMalformedPercent}%: the log is damaged or not an audit log, and the {Records} record(s) read from it prove nothing")
            : null;
    }
}
