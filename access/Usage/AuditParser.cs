using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Infra.Access.Usage;

/// <summary>What one line of an audit log is: a record, a line of another kind to pass over, or malformed (with why).</summary>
public readonly record struct AuditParse(AuditRecord? Record, string? Error)
{
    /// <summary>A well-formed line that is no audit event usage reads (an AKS record of another category).</summary>
    public bool IsOther => Record is null && Error is null;

    public static AuditParse Other => default;

    public static AuditParse Malformed(string error) => new(null, error);
}

/// <summary>
/// Reads one line of an audit log in any of the formats usage accepts, told apart by their shape:
/// an <c>audit.k8s.io/v1</c> Event (the API server's log backend), an AKS diagnostic record of
/// category <c>kube-audit</c> or <c>kube-audit-admin</c> whose <c>properties.log</c> holds the Event
/// as a JSON string, and a Vault audit entry (<c>type</c> request or response). Pure: text in, record out.
/// </summary>
public static class AuditParser
{
    private const string PodNameExtra = "authentication.kubernetes.io/pod-name";

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static AuditParse Parse(ReadOnlyMemory<char> line, LogPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        // The reader decodes with replacement: a raw U+FFFD is a byte sequence that was not UTF-8.
        // Kubernetes and Vault escape what they log, so such a line is damaged, not an event.
        if (line.Span.Contains('\uFFFD'))
        {
            return AuditParse.Malformed("the line is not valid UTF-8");
        }

        try
        {
            using var document = JsonDocument.Parse(line, Options);
            return Parse(document.RootElement, position);
        }
        catch (JsonException e)
        {
            return AuditParse.Malformed("not a JSON object: " + e.Message);
        }
    }

    private static AuditParse Parse(JsonElement root, LogPosition position)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return AuditParse.Malformed("not a JSON object");
        }

        if (String(root, "kind") == "Event" && String(root, "apiVersion") is { } api && api.StartsWith("audit.k8s.io/", StringComparison.Ordinal))
        {
            return Kubernetes(root, position);
        }

        if (root.TryGetProperty("properties", out var properties) && String(root, "category") is { } category)
        {
            // An AKS diagnostic export: one record per line, the Event as a string in properties.log.
            if (category is not ("kube-audit" or "kube-audit-admin"))
            {
                return AuditParse.Other;
            }

            if (properties.ValueKind != JsonValueKind.Object || String(properties, "log") is not { } log)
            {
                return AuditParse.Malformed($"an AKS {category} record without a properties.log string");
            }

            using var inner = JsonDocument.Parse(log, Options);
            var parsed = Parse(inner.RootElement, position);
            return parsed.Record is KubernetesAuditEvent k
                ? new AuditParse(k with { WritesOnly = category == "kube-audit-admin" }, null)
                : AuditParse.Malformed($"the properties.log of an AKS {category} record is not an audit.k8s.io Event");
        }

        if (String(root, "type") is "request" or "response" && root.TryGetProperty("request", out var request) && request.ValueKind == JsonValueKind.Object)
        {
            return Vault(root, request, position);
        }

        return AuditParse.Malformed("neither a Kubernetes audit Event, an AKS kube-audit record nor a Vault audit entry");
    }

    private static AuditParse Kubernetes(JsonElement root, LogPosition position)
    {
        var time = String(root, "requestReceivedTimestamp") ?? String(root, "stageTimestamp");
        if (time is null || !AuditTime.TryParse(time, out var at))
        {
            return AuditParse.Malformed("an audit Event without a valid requestReceivedTimestamp");
        }

        if (String(root, "stage") is not { } stage || String(root, "verb") is not { } verb)
        {
            return AuditParse.Malformed("an audit Event without stage or verb");
        }

        string username = "", podName = "";
        var serviceAccountGroup = false;
        if (root.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object)
        {
            username = String(user, "username") ?? "";
            if (user.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Array)
            {
                foreach (var member in groups.EnumerateArray())
                {
                    serviceAccountGroup |= member.ValueKind == JsonValueKind.String && member.ValueEquals("system:serviceaccounts");
                }
            }

            if (user.TryGetProperty("extra", out var extra) && extra.ValueKind == JsonValueKind.Object
                && extra.TryGetProperty(PodNameExtra, out var pods) && pods.ValueKind == JsonValueKind.Array && pods.GetArrayLength() > 0)
            {
                podName = pods[0].ValueKind == JsonValueKind.String ? pods[0].GetString()! : "?";
            }
        }

        var impersonated = root.TryGetProperty("impersonatedUser", out var imp) && imp.ValueKind == JsonValueKind.Object ? String(imp, "username") ?? "" : null;
        string? group = null, resource = null, subresource = null, name = null, ns = null;
        if (root.TryGetProperty("objectRef", out var objectRef) && objectRef.ValueKind == JsonValueKind.Object)
        {
            group = String(objectRef, "apiGroup");
            resource = String(objectRef, "resource");
            subresource = String(objectRef, "subresource");
            name = String(objectRef, "name");
            ns = String(objectRef, "namespace");
        }

        var code = root.TryGetProperty("responseStatus", out var status) && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var value) ? value : 0;
        var sourceIp = root.TryGetProperty("sourceIPs", out var ips) && ips.ValueKind == JsonValueKind.Array && ips.GetArrayLength() > 0 && ips[0].ValueKind == JsonValueKind.String
            ? ips[0].GetString()
            : null;
        return new AuditParse(new KubernetesAuditEvent(position, at, stage, verb, username, impersonated, group, resource, subresource, name, ns,
            String(root, "requestURI"), code, sourceIp, podName.Length == 0 ? null : podName) { ServiceAccountGroup = serviceAccountGroup }, null);
    }

    private static AuditParse Vault(JsonElement root, JsonElement request, LogPosition position)
    {
        if (String(root, "time") is not { } time || !AuditTime.TryParse(time, out var at))
        {
            return AuditParse.Malformed("a Vault audit entry without a valid time");
        }

        if (String(request, "path") is not { } path || String(request, "operation") is not { } operation)
        {
            return AuditParse.Malformed("a Vault audit entry without request.path or request.operation");
        }

        string? displayName = null, role = null;
        var policies = ImmutableArray<string>.Empty;
        if (root.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.Object)
        {
            displayName = String(auth, "display_name");
            if (auth.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                role = String(metadata, "role");
            }

            if (auth.TryGetProperty("policies", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var builder = ImmutableArray.CreateBuilder<string>(list.GetArrayLength());
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        builder.Add(item.GetString()!);
                    }
                }

                policies = builder.DrainToImmutable();
            }
        }

        var error = String(root, "error");
        return new AuditParse(new VaultAuditEntry(position, at, String(root, "type")!, String(request, "id"), path, operation, displayName, role, policies,
            string.IsNullOrEmpty(error) ? null : error, String(request, "remote_address")), null);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>RFC 3339 times as Kubernetes (microseconds) and Vault (nanoseconds) write them.</summary>
public static class AuditTime
{
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(text);
        // .NET reads at most seven fractional digits; Vault writes nine. The rest is below a tick.
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time)
            && text.Length >= 20 && text[4] == '-' && text[10] == 'T';
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
