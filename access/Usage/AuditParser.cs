using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
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

    // The values of audit.k8s.io/v1 Event.stage and .verb, and of Vault's request.operation and entry type.
    private static readonly ImmutableArray<string> Stages = ["ResponseComplete", "RequestReceived", "ResponseStarted", "Panic"];
    private static readonly ImmutableArray<string> Verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
    private static readonly ImmutableArray<string> Operations = ["read", "update", "create", "list", "delete", "patch"];
    private static readonly ImmutableArray<string> EntryTypes = ["response", "request"];

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static AuditParse Parse(ReadOnlyMemory<char> line, LogPosition position) => Parse(line, position, null);

    /// <summary>Reads one line; names, namespaces, resources and paths come from <paramref name="strings"/> when given (one pool per reading).</summary>
    public static AuditParse Parse(ReadOnlyMemory<char> line, LogPosition position, AuditStrings? strings)
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
            return Parse(document.RootElement, position, strings);
        }
        catch (JsonException e)
        {
            return AuditParse.Malformed("not a JSON object: " + e.Message);
        }
    }

    private static AuditParse Parse(JsonElement root, LogPosition position, AuditStrings? strings)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return AuditParse.Malformed("not a JSON object");
        }

        var fields = RootFields.Of(root);
        if (IsText(fields.Kind, "Event"u8)
            && (IsText(fields.ApiVersion, "audit.k8s.io/v1"u8) || (Text(fields.ApiVersion) is { } api && api.StartsWith("audit.k8s.io/", StringComparison.Ordinal))))
        {
            return Kubernetes(fields, position, strings);
        }

        if (fields.Properties.ValueKind != JsonValueKind.Undefined && Text(fields.Category) is { } category)
        {
            // An AKS diagnostic export: one record per line, the Event as a string in properties.log.
            if (category is not ("kube-audit" or "kube-audit-admin"))
            {
                return AuditParse.Other;
            }

            if (fields.Properties.ValueKind != JsonValueKind.Object || String(fields.Properties, "log"u8) is not { } log)
            {
                return AuditParse.Malformed($"an AKS {category} record without a properties.log string");
            }

            using var inner = JsonDocument.Parse(log, Options);
            var parsed = Parse(inner.RootElement, position, strings);
            return parsed.Record is KubernetesAuditEvent k
                ? new AuditParse(k with { WritesOnly = category == "kube-audit-admin" }, null)
                : AuditParse.Malformed($"the properties.log of an AKS {category} record is not an audit.k8s.io Event");
        }

        if (Known(fields.Type, EntryTypes.AsSpan()) is ("request" or "response") and var type && fields.Request.ValueKind == JsonValueKind.Object)
        {
            return Vault(fields, type, position, strings);
        }

        return AuditParse.Malformed("neither a Kubernetes audit Event, an AKS kube-audit record nor a Vault audit entry");
    }

    private static AuditParse Kubernetes(in RootFields root, LogPosition position, AuditStrings? strings)
    {
        var time = root.RequestReceivedTimestamp.ValueKind == JsonValueKind.String ? root.RequestReceivedTimestamp : root.StageTimestamp;
        if (time.ValueKind != JsonValueKind.String || !Time(time, out var at))
        {
            return AuditParse.Malformed("an audit Event without a valid requestReceivedTimestamp");
        }

        if (Known(root.Stage, Stages.AsSpan()) is not { } stage || Known(root.Verb, Verbs.AsSpan()) is not { } verb)
        {
            return AuditParse.Malformed("an audit Event without stage or verb");
        }

        string username = "", podName = "";
        var serviceAccountGroup = false;
        if (root.User is { ValueKind: JsonValueKind.Object } user)
        {
            username = Pooled(user, "username"u8, strings) ?? "";
            if (user.TryGetProperty("groups"u8, out var groups) && groups.ValueKind == JsonValueKind.Array)
            {
                foreach (var member in groups.EnumerateArray())
                {
                    serviceAccountGroup |= member.ValueKind == JsonValueKind.String && member.ValueEquals("system:serviceaccounts"u8);
                }
            }

            if (user.TryGetProperty("extra"u8, out var extra) && extra.ValueKind == JsonValueKind.Object
                && extra.TryGetProperty(PodNameExtra, out var pods) && pods.ValueKind == JsonValueKind.Array && pods.GetArrayLength() > 0)
            {
                podName = pods[0].ValueKind == JsonValueKind.String ? pods[0].GetString()! : "?";
            }
        }

        var impersonated = root.ImpersonatedUser.ValueKind == JsonValueKind.Object ? Pooled(root.ImpersonatedUser, "username"u8, strings) ?? "" : null;
        string? group = null, resource = null, subresource = null, name = null, ns = null;
        if (root.ObjectRef.ValueKind == JsonValueKind.Object)
        {
            var objectRef = ObjectRefFields.Of(root.ObjectRef);
            group = Pooled(objectRef.ApiGroup, strings);
            resource = Pooled(objectRef.Resource, strings);
            subresource = Pooled(objectRef.Subresource, strings);
            name = Pooled(objectRef.Name, strings);
            ns = Pooled(objectRef.Namespace, strings);
        }

        var code = root.ResponseStatus.ValueKind == JsonValueKind.Object
            && root.ResponseStatus.TryGetProperty("code"u8, out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var value) ? value : 0;
        return new AuditParse(new KubernetesAuditEvent(position, at, stage, verb, username, impersonated, group, resource, subresource, name, ns,
            resource is null ? Pooled(root.RequestUri, strings) : null, code, podName.Length == 0 ? null : podName) { ServiceAccountGroup = serviceAccountGroup }, null);
    }

    private static AuditParse Vault(in RootFields root, string type, LogPosition position, AuditStrings? strings)
    {
        if (root.Time.ValueKind != JsonValueKind.String || !Time(root.Time, out var at))
        {
            return AuditParse.Malformed("a Vault audit entry without a valid time");
        }

        var request = root.Request;
        if (Pooled(request, "path"u8, strings) is not { } path || Known(request.TryGetProperty("operation"u8, out var op) ? op : default, Operations.AsSpan()) is not { } operation)
        {
            return AuditParse.Malformed("a Vault audit entry without request.path or request.operation");
        }

        string? displayName = null, role = null;
        var policies = ImmutableArray<string>.Empty;
        if (root.Auth is { ValueKind: JsonValueKind.Object } auth)
        {
            displayName = Pooled(auth, "display_name"u8, strings);
            if (auth.TryGetProperty("metadata"u8, out var metadata) && metadata.ValueKind == JsonValueKind.Object)
            {
                role = Pooled(metadata, "role"u8, strings);
            }

            if (auth.TryGetProperty("policies"u8, out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var builder = ImmutableArray.CreateBuilder<string>(list.GetArrayLength());
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                    {
                        builder.Add(Pooled(item, strings)!);
                    }
                }

                policies = builder.DrainToImmutable();
            }
        }

        var error = Text(root.Error);
        return new AuditParse(new VaultAuditEntry(position, at, type, String(request, "id"u8), path, operation, displayName, role, policies,
            string.IsNullOrEmpty(error) ? null : error), null);
    }

    /// <summary>A string that repeats across records (a name, a namespace, a path): from the pool when there is one. Null when absent or not a string.</summary>
    private static string? Pooled(JsonElement value, AuditStrings? strings) =>
        value.ValueKind != JsonValueKind.String ? null
        : strings is not null && Unescaped(value) is { Length: > 0 } raw ? strings.Get(raw)
        : value.GetString();

    private static string? Pooled(JsonElement element, ReadOnlySpan<byte> name, AuditStrings? strings) =>
        element.TryGetProperty(name, out var value) ? Pooled(value, strings) : null;

    /// <summary>The string a value holds; null when it is absent (undefined) or not a string.</summary>
    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Whether a value is the string <paramref name="text"/>, compared without materializing it.</summary>
    private static bool IsText(JsonElement value, ReadOnlySpan<byte> text) => value.ValueKind == JsonValueKind.String && value.ValueEquals(text);

    /// <summary>
    /// The UTF-8 name of a property as the line holds it; escaped names (never written by Kubernetes or
    /// Vault, possible in a hostile line) are decoded, so they match like TryGetProperty would match them.
    /// </summary>
    private static ReadOnlySpan<byte> NameOf(JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        return raw.IndexOf((byte)'\\') < 0 ? raw : Encoding.UTF8.GetBytes(property.Name);
    }

    /// <summary>
    /// The top-level fields of a line that usage reads, picked in one pass over the object (a
    /// property lookup scans the object each time, and an Event has some twenty). A name given twice
    /// keeps its last value, as <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> reads it;
    /// an absent field is <see cref="JsonValueKind.Undefined"/>.
    /// </summary>
    private struct RootFields
    {
        public JsonElement Kind;
        public JsonElement ApiVersion;
        public JsonElement Properties;
        public JsonElement Category;
        public JsonElement Type;
        public JsonElement Request;
        public JsonElement RequestReceivedTimestamp;
        public JsonElement StageTimestamp;
        public JsonElement Stage;
        public JsonElement Verb;
        public JsonElement User;
        public JsonElement ImpersonatedUser;
        public JsonElement ObjectRef;
        public JsonElement ResponseStatus;
        public JsonElement RequestUri;
        public JsonElement Time;
        public JsonElement Auth;
        public JsonElement Error;

        public static RootFields Of(JsonElement root)
        {
            var fields = default(RootFields);
            foreach (var property in root.EnumerateObject())
            {
                var name = NameOf(property);
                var value = property.Value;
                // Told apart by length first: one comparison per property, whatever the object holds.
                switch (name.Length)
                {
                    case 4 when name.SequenceEqual("kind"u8): fields.Kind = value; break;
                    case 4 when name.SequenceEqual("verb"u8): fields.Verb = value; break;
                    case 4 when name.SequenceEqual("user"u8): fields.User = value; break;
                    case 4 when name.SequenceEqual("type"u8): fields.Type = value; break;
                    case 4 when name.SequenceEqual("time"u8): fields.Time = value; break;
                    case 4 when name.SequenceEqual("auth"u8): fields.Auth = value; break;
                    case 5 when name.SequenceEqual("stage"u8): fields.Stage = value; break;
                    case 5 when name.SequenceEqual("error"u8): fields.Error = value; break;
                    case 7 when name.SequenceEqual("request"u8): fields.Request = value; break;
                    case 8 when name.SequenceEqual("category"u8): fields.Category = value; break;
                    case 9 when name.SequenceEqual("objectRef"u8): fields.ObjectRef = value; break;
                    case 10 when name.SequenceEqual("apiVersion"u8): fields.ApiVersion = value; break;
                    case 10 when name.SequenceEqual("properties"u8): fields.Properties = value; break;
                    case 10 when name.SequenceEqual("requestURI"u8): fields.RequestUri = value; break;
                    case 14 when name.SequenceEqual("responseStatus"u8): fields.ResponseStatus = value; break;
                    case 14 when name.SequenceEqual("stageTimestamp"u8): fields.StageTimestamp = value; break;
                    case 16 when name.SequenceEqual("impersonatedUser"u8): fields.ImpersonatedUser = value; break;
                    case 24 when name.SequenceEqual("requestReceivedTimestamp"u8): fields.RequestReceivedTimestamp = value; break;
                    default: break;
                }
            }

            return fields;
        }
    }

    /// <summary>The fields of an Event's objectRef, picked in one pass like <see cref="RootFields"/>.</summary>
    private struct ObjectRefFields
    {
        public JsonElement ApiGroup;
        public JsonElement Resource;
        public JsonElement Subresource;
        public JsonElement Name;
        public JsonElement Namespace;

        public static ObjectRefFields Of(JsonElement objectRef)
        {
            var fields = default(ObjectRefFields);
            foreach (var property in objectRef.EnumerateObject())
            {
                var name = NameOf(property);
                switch (name.Length)
                {
                    case 4 when name.SequenceEqual("name"u8): fields.Name = property.Value; break;
                    case 8 when name.SequenceEqual("apiGroup"u8): fields.ApiGroup = property.Value; break;
                    case 8 when name.SequenceEqual("resource"u8): fields.Resource = property.Value; break;
                    case 9 when name.SequenceEqual("namespace"u8): fields.Namespace = property.Value; break;
                    case 11 when name.SequenceEqual("subresource"u8): fields.Subresource = property.Value; break;
                    default: break;
                }
            }

            return fields;
        }
    }

    private static string? String(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>
    /// A string property whose values are few and known (an audit stage, a verb, a Vault operation):
    /// the known ones are returned as constants, so the millions of records of a large log do not
    /// each allocate their own copy; any other value is read as is.
    /// </summary>
    private static string? Known(JsonElement value, ReadOnlySpan<string> values)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        if (Unescaped(value) is var raw && raw.Length > 0)
        {
            foreach (var known in values)
            {
                if (Ascii.Equals(raw, known))
                {
                    return known;
                }
            }
        }

        return value.GetString();
    }

    /// <summary>A time string, read from its UTF-8 text when it has the shape both logs write (no string allocated), else as <see cref="AuditTime.TryParse"/> reads it.</summary>
    private static bool Time(JsonElement value, out DateTimeOffset time)
    {
        return AuditTime.TryParseCommon(Unescaped(value), out time) || AuditTime.TryParse(value.GetString()!, out time);
    }

    /// <summary>The UTF-8 text of a JSON string value as the line holds it, when it has no escape (then it is the value itself); else empty.</summary>
    private static ReadOnlySpan<byte> Unescaped(JsonElement value)
    {
        // The raw value is the quoted JSON text.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length >= 2 && raw[1..^1].IndexOf((byte)'\\') < 0 ? raw[1..^1] : [];
    }
}

/// <summary>RFC 3339 times as Kubernetes (microseconds) and Vault (nanoseconds) write them.</summary>
public static class AuditTime
{
    public static bool TryParse(string text, out DateTimeOffset time)
    {
        // (TryParseCommon reads the common shape faster; this is the reference it agrees with.)
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

    /// <summary>
    /// The shape Kubernetes and Vault write, <c>yyyy-MM-ddTHH:mm:ss[.fraction](Z|±hh:mm)</c>, read from
    /// its UTF-8 bytes without a string or the culture-aware parser: the per-record cost of a large
    /// log. True only for a valid time of exactly that shape, and then the same instant as
    /// <see cref="TryParse"/> reads; false for anything else, which the caller hands to
    /// <see cref="TryParse"/> (so it decides every case this one does not).
    /// </summary>
    public static bool TryParseCommon(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !Number(text.Slice(0, 4), out var year) || !Number(text.Slice(5, 2), out var month) || !Number(text.Slice(8, 2), out var day)
            || !Number(text.Slice(11, 2), out var hour) || !Number(text.Slice(14, 2), out var minute) || !Number(text.Slice(17, 2), out var second)
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var at = 19;
        long fraction = 0;
        if (text[at] == '.')
        {
            // Ticks are 100 ns: seven digits; further ones (Vault writes nine) are below a tick and dropped, as TryParse does.
            var start = ++at;
            while (at < text.Length && char.IsAsciiDigit((char)text[at]))
            {
                if (at - start < 7)
                {
                    fraction = (fraction * 10) + (text[at] - '0');
                }

                at++;
            }

            if (at == start)
            {
                return false;
            }

            for (var digits = Math.Min(at - start, 7); digits < 7; digits++)
            {
                fraction *= 10;
            }
        }

        long offset;
        if (at == text.Length - 1 && text[at] == 'Z')
        {
            offset = 0;
        }
        else if (at == text.Length - 6 && text[at] is (byte)'+' or (byte)'-' && text[at + 3] == ':'
            && Number(text.Slice(at + 1, 2), out var hours) && Number(text.Slice(at + 4, 2), out var minutes) && minutes < 60 && (hours * 60) + minutes <= 14 * 60)
        {
            offset = (text[at] == '-' ? -1 : 1) * (((hours * 60) + minutes) * TimeSpan.TicksPerMinute);
        }
        else
        {
            return false;
        }

        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fraction - offset;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        time = new DateTimeOffset(utc, TimeSpan.Zero);
        return true;
    }

    private static bool Number(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (!char.IsAsciiDigit((char)digit))
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
