using System.Collections.Immutable;
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

/// <summary>Bounds that keep the report and the memory flat whatever the logs hold.</summary>
public sealed record UsageLimits(int MaxLineLength = 4 << 20, int MaxMalformed = 100, int MalformedShown = 20, int MaxAnomalyGroups = 10_000, int MaxTextLength = 200)
{
    public static UsageLimits Default { get; } = new();
}
