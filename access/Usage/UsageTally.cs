using System.Collections.Immutable;
using System.Text;
using Infra.Access.Matrix;

namespace Infra.Access.Usage;

/// <summary>
/// Folds classified records into a <see cref="UsageReport"/>. Memory is bounded by the plan (one
/// counter per grant and identity) and by <see cref="UsageLimits.MaxAnomalyGroups"/>, never by the
/// number of records.
/// </summary>
public sealed class UsageTally
{
    private readonly UsageIndex _index;
    private readonly DateTimeOffset? _since;
    private readonly DateTimeOffset? _until;
    private readonly UsageLimits _limits;
    private readonly long[] _counts;
    private readonly DateTimeOffset[] _first;
    private readonly DateTimeOffset[] _last;
    private readonly Dictionary<string, Seen> _identities = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Id, string Principal, string Action), Folded> _anomalies = [];
    private readonly HashSet<string> _deniedRequests = new(StringComparer.Ordinal);
    private readonly List<MalformedLine> _malformed = [];
    private readonly AuditStrings _strings = new();
    private long _lines;
    private long _records;
    private long _inWindow;
    private long _outside;
    private long _notCi;
    private long _malformedCount;
    private long _notItemized;
    // What the file being read yielded so far (EndFile judges and resets them).
    private long _fileNonBlank;
    private long _fileRecords;
    private long _fileOther;
    private long _fileMalformed;
    private bool _kubernetes;
    private bool _kubernetesReads;
    private bool _vault;

    public UsageTally(UsageIndex index, DateTimeOffset? since, DateTimeOffset? until, UsageLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        _index = index;
        _since = since;
        _until = until;
        _limits = limits ?? UsageLimits.Default;
        _counts = new long[index.Grants.Length];
        _first = new DateTimeOffset[index.Grants.Length];
        _last = new DateTimeOffset[index.Grants.Length];
    }

    public long MalformedCount => _malformedCount;

    /// <summary>True once more lines were malformed than the limit allows: the input is not an audit log.</summary>
    public bool TooManyMalformed => _malformedCount > _limits.MaxMalformed;

    /// <summary>Reads one line: parses, classifies and counts it. Returns the error of a malformed line, else null.</summary>
    public string? AddLine(AuditLine line, string file)
    {
        _lines++;
        var position = new LogPosition(file, line.Number);
        if (line.TooLong)
        {
            _fileNonBlank++;
            _fileMalformed++;
            return Malformed(position, $"the line is longer than {_limits.MaxLineLength} characters");
        }

        if (line.Text.Span.IsWhiteSpace())
        {
            return null;
        }

        _fileNonBlank++;
        var parsed = AuditParser.Parse(line.Text, position, _strings);
        if (parsed.Error is { } error)
        {
            _fileMalformed++;
            return Malformed(position, error);
        }

        if (parsed.Record is { } record)
        {
            _fileRecords++;
            Add(record);
        }
        else
        {
            _fileOther++;
        }

        return null;
    }

    /// <summary>
    /// Closes the file whose lines <see cref="AddLine"/> read since the last call: null when it can be
    /// judged by, else why not (<see cref="FileReading.Problem"/>). Call it once per file, at its end.
    /// </summary>
    public string? EndFile()
    {
        var problem = new FileReading(_fileNonBlank, _fileRecords, _fileOther, _fileMalformed).Problem(_limits);
        _fileNonBlank = _fileRecords = _fileOther = _fileMalformed = 0;
        return problem;
    }

    public void Add(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records++;
        _kubernetes |= record is KubernetesAuditEvent;
        _kubernetesReads |= record is KubernetesAuditEvent { WritesOnly: false };
        _vault |= record is VaultAuditEntry;
        if ((_since is { } since && record.Time < since) || (_until is { } until && record.Time >= until))
        {
            _outside++;
            return;
        }

        _inWindow++;
        var seen = UsageClassifier.Classify(_index, record);
        switch (seen.Kind)
        {
            case ObservationKind.NotCi:
                _notCi++;
                break;
            case ObservationKind.Used:
                _counts[seen.Grant]++;
                _first[seen.Grant] = _counts[seen.Grant] == 1 ? record.Time : Min(_first[seen.Grant], record.Time);
                _last[seen.Grant] = Max(_last[seen.Grant], record.Time);
                Identity(seen.Identity!, record.Time).Requests++;
                break;
            case ObservationKind.Everyone:
                Identity(seen.Identity!, record.Time).Requests++;
                break;
            case ObservationKind.Login:
                Identity(seen.Identity!, record.Time).Logins++;
                break;
            case ObservationKind.Anomaly:
                Anomaly(seen, record);
                break;
            default:
                break;
        }
    }

    public UsageReport Report()
    {
        var systems = ImmutableArray.CreateBuilder<string>();
        if (_kubernetes)
        {
            systems.Add(AccessMatrix.Kubernetes);
        }

        if (_vault)
        {
            systems.Add(AccessMatrix.Vault);
        }

        var identities = _index.Identities.Select(identity =>
        {
            var grants = _index.GrantsOf(identity.Id);
            var used = grants.Where(g => _counts[g.Index] > 0).Select(Usage).ToImmutableArray();
            var unused = grants.Where(g => _counts[g.Index] == 0 && Covered(g.Row, systems)).Select(Usage).ToImmutableArray();
            var seen = _identities.GetValueOrDefault(identity.Id);
            return new IdentityUsage(identity.Id, identity.Stage.State, identity.Stage.CiSubject, identity.Stage.Location,
                seen?.Requests ?? 0, seen?.Logins ?? 0, seen?.First, seen?.Last, used, unused, grants.Count - used.Length - unused.Length);
        }).ToImmutableArray();
        var anomalies = _anomalies.Select(pair => pair.Value.ToAnomaly(pair.Key.Principal, pair.Key.Action))
            .OrderByDescending(a => a.Severity)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ThenBy(a => a.Identity ?? "\uffff", StringComparer.Ordinal)
            .ThenBy(a => a.Principal, StringComparer.Ordinal)
            .ThenBy(a => a.Action, StringComparer.Ordinal)
            .ToImmutableArray();
        var input = new UsageInput(_lines, _records, _inWindow, _outside, _notCi, _malformedCount, [.. _malformed], systems.ToImmutable());
        return new UsageReport(_index.Plan.Environment, _index.Plan.File, _since, _until, input, identities, anomalies, _notItemized);
    }

    /// <summary>Whether the logs read can show the row in use: its system's log was read, and for reads, a log that records reads.</summary>
    private bool Covered(AccessRow row, ImmutableArray<string>.Builder systems) =>
        systems.Contains(row.System) && (row.System != AccessMatrix.Kubernetes || _kubernetesReads || row.Action is not ("get" or "list" or "watch"));

    private string Malformed(LogPosition position, string error)
    {
        _malformedCount++;
        var text = Clean(error, _limits.MaxTextLength);
        if (_malformed.Count < _limits.MalformedShown)
        {
            _malformed.Add(new MalformedLine(position, text));
        }

        return text;
    }

    private void Anomaly(Observation seen, AuditRecord record)
    {
        var kind = seen.Anomaly!;
        if (record is VaultAuditEntry { RequestId: { } id } && kind == AnomalyKind.Denied)
        {
            // Vault may log one denied request twice (request and response entries): count it once.
            if (_deniedRequests.Count < _limits.MaxAnomalyGroups && !_deniedRequests.Add(id))
            {
                return;
            }
        }

        var key = (kind.Id, Clean(seen.Principal!, _limits.MaxTextLength), Clean(seen.Action!, _limits.MaxTextLength));
        if (!_anomalies.TryGetValue(key, out var folded))
        {
            if (_anomalies.Count >= _limits.MaxAnomalyGroups)
            {
                _notItemized++;
                return;
            }

            _anomalies[key] = folded = new Folded(kind, seen.Identity, Clean(seen.Detail ?? "", _limits.MaxTextLength), record.Time, record.Position);
        }

        folded.Count++;
        if (record.Time < folded.First)
        {
            folded.First = record.Time;
            folded.FirstAt = record.Position;
        }

        folded.Last = Max(folded.Last, record.Time);
    }

    private Seen Identity(PlannedIdentity identity, DateTimeOffset time)
    {
        if (!_identities.TryGetValue(identity.Id, out var seen))
        {
            _identities[identity.Id] = seen = new Seen { First = time, Last = time };
        }

        seen.First = Min(seen.First, time);
        seen.Last = Max(seen.Last, time);
        return seen;
    }

    private GrantUsage Usage(PlannedGrant grant) => new(grant.Row.System, grant.Row.Scope, grant.Row.Resource, grant.Row.Action, grant.GrantedBy, grant.Declared,
        _counts[grant.Index], _counts[grant.Index] > 0 ? _first[grant.Index] : null, _counts[grant.Index] > 0 ? _last[grant.Index] : null);

    /// <summary>
    /// Text from a log, made safe to print: control and line-separator characters become '?', bidi
    /// controls too (they could reorder what a reader sees), and it is cut at <paramref name="max"/>.
    /// </summary>
    public static string Clean(string text, int max)
    {
        ArgumentNullException.ThrowIfNull(text);
        var needs = text.Length > max;
        foreach (var c in text)
        {
            needs |= IsUnsafe(c);
        }

        if (!needs)
        {
            return text;
        }

        var clean = new StringBuilder(Math.Min(text.Length, max) + 1);
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, max)))
        {
            clean.Append(IsUnsafe(c) ? '?' : c);
        }

        if (text.Length > max)
        {
            clean.Append('…');
        }

        return clean.ToString();
    }

    private static bool IsUnsafe(char c) => char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F';

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;

    private sealed class Seen
    {
        public long Requests { get; set; }

        public long Logins { get; set; }

        public DateTimeOffset First { get; set; }

        public DateTimeOffset Last { get; set; }
    }

    private sealed class Folded(AnomalyKind kind, PlannedIdentity? identity, string detail, DateTimeOffset time, LogPosition position)
    {
        public long Count { get; set; }

        public DateTimeOffset First { get; set; } = time;

        public DateTimeOffset Last { get; set; } = time;

        public LogPosition FirstAt { get; set; } = position;

        public UsageAnomaly ToAnomaly(string principal, string action) =>
            new(kind.Id, kind.Name, kind.Severity, principal, action, detail, identity?.Id, identity?.Stage.Location, Count, First, Last, FirstAt);
    }
}
