using System.Collections.Immutable;
using System.Globalization;

namespace Infra.Access.Usage;

/// <summary>Where an audit record was read: the log file as given and its 1-based line.</summary>
public sealed record LogPosition(string File, long Line)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}");
}

/// <summary>One audit record, reduced to what usage needs: when, and where it was read.</summary>
public abstract record AuditRecord(LogPosition Position, DateTimeOffset Time);

/// <summary>
/// An <c>audit.k8s.io/v1</c> Event as the API server writes it (and as AKS exports it inside
/// <c>properties.log</c>). <see cref="Code"/> is <c>responseStatus.code</c> (0 when absent);
/// <see cref="PodName"/> is the <c>authentication.kubernetes.io/pod-name</c> extra a pod-bound token carries.
/// <see cref="RequestUri"/> is read only for a request whose <c>objectRef</c> names no resource (API
/// discovery, health checks): a request on a resource is told by its <c>objectRef</c>, and most records
/// are, so their long URIs are not copied.
/// </summary>
public sealed record KubernetesAuditEvent(
    LogPosition Position,
    DateTimeOffset Time,
    string Stage,
    string Verb,
    string Username,
    string? ImpersonatedUser,
    string? ApiGroup,
    string? Resource,
    string? Subresource,
    string? Name,
    string? Namespace,
    string? RequestUri,
    int Code,
    string? PodName) : AuditRecord(Position, Time)
{
    /// <summary>
    /// Read from an AKS <c>kube-audit-admin</c> record: that category leaves out get and list
    /// requests, so a log of it alone says nothing about whether read grants are used.
    /// </summary>
    public bool WritesOnly { get; init; }

    /// <summary>
    /// Whether <c>user.groups</c> holds <c>system:serviceaccounts</c>, as for every ServiceAccount
    /// token. A user merely named <c>system:serviceaccount:…</c> (an OIDC or webhook user with a chosen
    /// name) lacks it.
    /// </summary>
    public bool ServiceAccountGroup { get; init; }
}

/// <summary>
/// A Vault audit entry (<c>type</c> request or response) as a file audit device writes it. Tokens and
/// request data are HMAC'd by Vault; the fields kept here (display name, policies, the role of the
/// auth metadata, path, operation, error) are written in clear by default.
/// </summary>
public sealed record VaultAuditEntry(
    LogPosition Position,
    DateTimeOffset Time,
    string Type,
    string? RequestId,
    string Path,
    string Operation,
    string? DisplayName,
    string? Role,
    ImmutableArray<string> Policies,
    string? Error) : AuditRecord(Position, Time)
{
    public bool IsResponse => Type == "response";
}
