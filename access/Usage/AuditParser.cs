using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
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
/// <remarks>
/// One forward pass of a <see cref="Utf8JsonReader"/> over the line picks the fields usage reads and
/// validates the rest, as <see cref="JsonDocument.Parse(ReadOnlyMemory{char}, JsonDocumentOptions)"/>
/// did before (same reader, same options, so the same errors and messages), without building the
/// document's table of every value. The whole line is read before any field is judged, so a syntax
/// error anywhere wins over a missing field. A name given twice keeps its last value, as
/// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> reads it: each object's fields are
/// read afresh each time its name appears.
/// </remarks>
public static class AuditParser
{
    // The values of audit.k8s.io/v1 Event.stage and .verb, and of Vault's request.operation and entry type.
    private static readonly ImmutableArray<string> Stages = ["ResponseComplete", "RequestReceived", "ResponseStarted", "Panic"];
    private static readonly ImmutableArray<string> Verbs = ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"];
    private static readonly ImmutableArray<string> Operations = ["read", "update", "create", "list", "delete", "patch"];
    private static readonly ImmutableArray<string> EntryTypes = ["response", "request"];

    // What JsonDocument.Parse read with (JsonDocumentOptions { MaxDepth = 64 }): comments and trailing commas are errors.
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    public static AuditParse Parse(ReadOnlyMemory<char> line, LogPosition position) => Parse(line, position, null);

    /// <summary>Reads one line; names, namespaces, resources and paths come from <paramref name="strings"/> when given (one pool per reading).</summary>
    public static AuditParse Parse(ReadOnlyMemory<char> line, LogPosition position, AuditStrings? strings)
    {
        ArgumentNullException.ThrowIfNull(position);
        var text = line.Span;
        // The reader decodes with replacement: a raw U+FFFD is a byte sequence that was not UTF-8.
        // Kubernetes and Vault escape what they log, so such a line is damaged, not an event.
        if (text.Contains('\uFFFD'))
        {
            return AuditParse.Malformed("the line is not valid UTF-8");
        }

        // The line's UTF-8 bytes in a rented buffer (as JsonDocument transcodes a char line): every
        // string a record keeps is copied out before the buffer goes back.
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            return Parse(buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, buffer)), position, strings);
        }
        catch (JsonException e)
        {
            return AuditParse.Malformed("not a JSON object: " + e.Message);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json accepts a lone surrogate escape ("\ud800") while reading and refuses it
            // only when the string is made: the line is valid JSON, but no text, so it is malformed.
            return AuditParse.Malformed(LoneSurrogate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The message of a line whose string escapes an unpaired UTF-16 surrogate.</summary>
    public const string LoneSurrogate = "a string escapes an unpaired UTF-16 surrogate (\\uD800-\\uDFFF): not text";

    private static AuditParse Parse(ReadOnlySpan<byte> utf8, LogPosition position, AuditStrings? strings)
    {
        var reader = new Utf8JsonReader(utf8, Options);
        _ = reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            ReadToEnd(ref reader);
            return AuditParse.Malformed("not a JSON object");
        }

        var fields = RootFields.Read(ref reader);
        ReadToEnd(ref reader);
        var line = new Line(utf8, strings);
        if (line.IsText(fields.Kind, "Event"u8)
            && (line.IsText(fields.ApiVersion, "audit.k8s.io/v1"u8) || (line.Text(fields.ApiVersion) is { } api && api.StartsWith("audit.k8s.io/", StringComparison.Ordinal))))
        {
            return Kubernetes(line, fields, position);
        }

        if (fields.Properties.Token != JsonTokenType.None && line.Text(fields.Category) is { } category)
        {
            // An AKS diagnostic export: one record per line, the Event as a string in properties.log.
            if (category is not ("kube-audit" or "kube-audit-admin"))
            {
                return AuditParse.Other;
            }

            if (fields.Properties.Token != JsonTokenType.StartObject || !fields.Properties.Log.IsString)
            {
                return AuditParse.Malformed($"an AKS {category} record without a properties.log string");
            }

            var parsed = Inner(line, fields.Properties.Log, position, strings);
            return parsed.Record is KubernetesAuditEvent k
                ? new AuditParse(k with { WritesOnly = category == "kube-audit-admin" }, null)
                : AuditParse.Malformed($"the properties.log of an AKS {category} record is not an audit.k8s.io Event");
        }

        if (line.Known(fields.Type, EntryTypes.AsSpan()) is ("request" or "response") and var type && fields.Request.Token == JsonTokenType.StartObject)
        {
            return Vault(line, fields, type, position);
        }

        return AuditParse.Malformed("neither a Kubernetes audit Event, an AKS kube-audit record nor a Vault audit entry");
    }

    /// <summary>The Event an AKS record holds as a string: read from its text as is, or from its unescaped copy (the usual case: the JSON is quoted).</summary>
    private static AuditParse Inner(Line line, Slot log, LogPosition position, AuditStrings? strings)
    {
        if (!log.Escaped)
        {
            return Parse(line.Raw(log), position, strings);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(log.Length);
        try
        {
            var reader = line.ReaderAt(log);
            return Parse(buffer.AsSpan(0, reader.CopyString(buffer)), position, strings);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the rest of the input, as JsonDocument did: content after the value is an error.</summary>
    private static void ReadToEnd(ref Utf8JsonReader reader)
    {
        while (reader.Read())
        {
        }
    }

    private static AuditParse Kubernetes(Line line, in RootFields root, LogPosition position)
    {
        var time = root.RequestReceivedTimestamp.IsString ? root.RequestReceivedTimestamp : root.StageTimestamp;
        if (!time.IsString || !line.Time(time, out var at))
        {
            return AuditParse.Malformed("an audit Event without a valid requestReceivedTimestamp");
        }

        if (line.Known(root.Stage, Stages.AsSpan()) is not { } stage || line.Known(root.Verb, Verbs.AsSpan()) is not { } verb)
        {
            return AuditParse.Malformed("an audit Event without stage or verb");
        }

        string username = "", podName = "";
        var serviceAccountGroup = false;
        if (root.User.Token == JsonTokenType.StartObject)
        {
            username = line.Pooled(root.User.Username) ?? "";
            serviceAccountGroup = root.User.ServiceAccountGroup;
            if (root.User.HasPod)
            {
                podName = line.Text(root.User.Pod) ?? "?";
            }
        }

        var impersonated = root.ImpersonatedUser.Token == JsonTokenType.StartObject ? line.Pooled(root.ImpersonatedUser.Username) ?? "" : null;
        string? group = null, resource = null, subresource = null, name = null, ns = null;
        if (root.ObjectRef.Token == JsonTokenType.StartObject)
        {
            group = line.Pooled(root.ObjectRef.ApiGroup);
            resource = line.Pooled(root.ObjectRef.Resource);
            subresource = line.Pooled(root.ObjectRef.Subresource);
            name = line.Pooled(root.ObjectRef.Name);
            ns = line.Pooled(root.ObjectRef.Namespace);
        }

        var code = root.ResponseStatus.Token == JsonTokenType.StartObject ? root.ResponseStatus.Code : 0;
        return new AuditParse(new KubernetesAuditEvent(position, at, stage, verb, username, impersonated, group, resource, subresource, name, ns,
            resource is null ? line.Pooled(root.RequestUri) : null, code, podName.Length == 0 ? null : podName) { ServiceAccountGroup = serviceAccountGroup }, null);
    }

    private static AuditParse Vault(Line line, in RootFields root, string type, LogPosition position)
    {
        if (!root.Time.IsString || !line.Time(root.Time, out var at))
        {
            return AuditParse.Malformed("a Vault audit entry without a valid time");
        }

        if (line.Pooled(root.Request.Path) is not { } path || line.Known(root.Request.Operation, Operations.AsSpan()) is not { } operation)
        {
            return AuditParse.Malformed("a Vault audit entry without request.path or request.operation");
        }

        string? displayName = null, role = null;
        var policies = ImmutableArray<string>.Empty;
        if (root.Auth.Token == JsonTokenType.StartObject)
        {
            displayName = line.Pooled(root.Auth.DisplayName);
            if (root.Auth.MetadataToken == JsonTokenType.StartObject)
            {
                role = line.Pooled(root.Auth.Role);
            }

            if (root.Auth.Policies.Token == JsonTokenType.StartArray)
            {
                policies = line.PooledStrings(root.Auth.Policies);
            }
        }

        var error = line.Text(root.Error);
        return new AuditParse(new VaultAuditEntry(position, at, type, line.Text(root.Request.Id), path, operation, displayName, role, policies,
            string.IsNullOrEmpty(error) ? null : error), null);
    }

    /// <summary>
    /// Where a value sits in the line: its token (None when the field is absent) and, for a string,
    /// its text between the quotes and whether that text has escapes; for an array, the array's text.
    /// </summary>
    private readonly record struct Slot(JsonTokenType Token, int Start, int Length, bool Escaped)
    {
        public bool IsString => Token == JsonTokenType.String;

        /// <summary>The value the reader is on; an object or array is read past (to its end).</summary>
        public static Slot Take(ref Utf8JsonReader reader)
        {
            var token = reader.TokenType;
            var start = (int)reader.TokenStartIndex;
            switch (token)
            {
                case JsonTokenType.String:
                    return new Slot(token, start + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    return new Slot(token, start, (int)reader.BytesConsumed - start, false);
                default:
                    return new Slot(token, start, 0, false);
            }
        }
    }

    /// <summary>The line's bytes and the reading's string pool: turns slots into the strings a record keeps.</summary>
    private readonly ref struct Line(ReadOnlySpan<byte> utf8, AuditStrings? strings)
    {
        private readonly ReadOnlySpan<byte> _utf8 = utf8;

        public ReadOnlySpan<byte> Raw(Slot slot) => _utf8.Slice(slot.Start, slot.Length);

        /// <summary>A reader on the string of <paramref name="slot"/> (quotes included), for escaped text.</summary>
        public Utf8JsonReader ReaderAt(Slot slot)
        {
            var reader = new Utf8JsonReader(_utf8.Slice(slot.Start - 1, slot.Length + 2));
            _ = reader.Read();
            return reader;
        }

        /// <summary>The string a value holds; null when it is absent or not a string.</summary>
        public string? Text(Slot slot) =>
            !slot.IsString ? null
            : slot.Escaped ? ReaderAt(slot).GetString()
            : Encoding.UTF8.GetString(Raw(slot));

        /// <summary>A string that repeats across records (a name, a namespace, a path): from the pool when there is one. Null when absent or not a string.</summary>
        public string? Pooled(Slot slot) =>
            slot.IsString && strings is not null && !slot.Escaped && slot.Length > 0 ? strings.Get(Raw(slot)) : Text(slot);

        /// <summary>Whether a value is the string <paramref name="text"/>, compared without materializing it.</summary>
        public bool IsText(Slot slot, ReadOnlySpan<byte> text) =>
            slot.IsString && (slot.Escaped ? ReaderAt(slot).ValueTextEquals(text) : Raw(slot).SequenceEqual(text));

        /// <summary>
        /// A string property whose values are few and known (an audit stage, a verb, a Vault operation):
        /// the known ones are returned as constants, so the millions of records of a large log do not
        /// each allocate their own copy; any other value is read as is.
        /// </summary>
        public string? Known(Slot slot, ReadOnlySpan<string> values)
        {
            if (!slot.IsString)
            {
                return null;
            }

            if (!slot.Escaped && slot.Length > 0)
            {
                var raw = Raw(slot);
                foreach (var known in values)
                {
                    if (Ascii.Equals(raw, known))
                    {
                        return known;
                    }
                }
            }

            return Text(slot);
        }

        /// <summary>A time string, read from its UTF-8 text when it has the shape both logs write (no string allocated), else as <see cref="AuditTime.TryParse"/> reads it.</summary>
        public bool Time(Slot slot, out DateTimeOffset time) =>
            AuditTime.TryParseCommon(slot.Escaped ? [] : Raw(slot), out time) || AuditTime.TryParse(Text(slot)!, out time);

        /// <summary>The string items of an array (others passed over), pooled.</summary>
        public ImmutableArray<string> PooledStrings(Slot array)
        {
            var reader = new Utf8JsonReader(Raw(array));
            _ = reader.Read();
            var builder = ImmutableArray.CreateBuilder<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                // The item's place in the array's text, moved to its place in the line.
                var item = Slot.Take(ref reader);
                if (item.IsString)
                {
                    builder.Add(Pooled(item with { Start = item.Start + array.Start })!);
                }
            }

            return builder.DrainToImmutable();
        }
    }

    /// <summary>
    /// The name of the property the reader is on, unescaped: escaped names (never written by Kubernetes
    /// or Vault, possible in a hostile line) match as TryGetProperty matched them.
    /// </summary>
    private static ReadOnlySpan<byte> NameOf(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    /// <summary>Takes the value of one property (the reader on it) into the fields, or reads past it.</summary>
    private delegate void PropertyReader<T>(ref T fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        where T : struct;

    /// <summary>
    /// Reads the value the reader is on to its end: an object's properties go to <paramref name="property"/>
    /// in order (so a name given twice keeps its last value); any other value is passed over. The
    /// fields start empty each time, so an object given twice keeps only what its last copy holds.
    /// </summary>
    private static T ReadObject<T>(ref Utf8JsonReader reader, T fields, PropertyReader<T> property)
        where T : struct
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return fields;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = NameOf(ref reader);
            _ = reader.Read();
            property(ref fields, name, ref reader);
        }

        return fields;
    }

    /// <summary>The top-level fields of a line that usage reads, and the fields of the objects among them.</summary>
    private struct RootFields
    {
        public Slot Kind;
        public Slot ApiVersion;
        public PropertiesFields Properties;
        public Slot Category;
        public Slot Type;
        public RequestFields Request;
        public Slot RequestReceivedTimestamp;
        public Slot StageTimestamp;
        public Slot Stage;
        public Slot Verb;
        public UserFields User;
        public UserFields ImpersonatedUser;
        public ObjectRefFields ObjectRef;
        public ResponseStatusFields ResponseStatus;
        public Slot RequestUri;
        public Slot Time;
        public AuthFields Auth;
        public Slot Error;

        /// <summary>Reads the object the reader is on to its end.</summary>
        public static RootFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, default(RootFields), Property);

        private static void Property(ref RootFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            // Told apart by length first: one comparison per property, whatever the object holds.
            switch (name.Length)
            {
                case 4 when name.SequenceEqual("kind"u8): fields.Kind = Slot.Take(ref reader); break;
                case 4 when name.SequenceEqual("verb"u8): fields.Verb = Slot.Take(ref reader); break;
                case 4 when name.SequenceEqual("user"u8): fields.User = UserFields.Read(ref reader); break;
                case 4 when name.SequenceEqual("type"u8): fields.Type = Slot.Take(ref reader); break;
                case 4 when name.SequenceEqual("time"u8): fields.Time = Slot.Take(ref reader); break;
                case 4 when name.SequenceEqual("auth"u8): fields.Auth = AuthFields.Read(ref reader); break;
                case 5 when name.SequenceEqual("stage"u8): fields.Stage = Slot.Take(ref reader); break;
                case 5 when name.SequenceEqual("error"u8): fields.Error = Slot.Take(ref reader); break;
                case 7 when name.SequenceEqual("request"u8): fields.Request = RequestFields.Read(ref reader); break;
                case 8 when name.SequenceEqual("category"u8): fields.Category = Slot.Take(ref reader); break;
                case 9 when name.SequenceEqual("objectRef"u8): fields.ObjectRef = ObjectRefFields.Read(ref reader); break;
                case 10 when name.SequenceEqual("apiVersion"u8): fields.ApiVersion = Slot.Take(ref reader); break;
                case 10 when name.SequenceEqual("properties"u8): fields.Properties = PropertiesFields.Read(ref reader); break;
                case 10 when name.SequenceEqual("requestURI"u8): fields.RequestUri = Slot.Take(ref reader); break;
                case 14 when name.SequenceEqual("responseStatus"u8): fields.ResponseStatus = ResponseStatusFields.Read(ref reader); break;
                case 14 when name.SequenceEqual("stageTimestamp"u8): fields.StageTimestamp = Slot.Take(ref reader); break;
                case 16 when name.SequenceEqual("impersonatedUser"u8): fields.ImpersonatedUser = UserFields.Read(ref reader); break;
                case 24 when name.SequenceEqual("requestReceivedTimestamp"u8): fields.RequestReceivedTimestamp = Slot.Take(ref reader); break;
                default: reader.Skip(); break;
            }
        }
    }

    /// <summary>
    /// An Event's <c>user</c> or <c>impersonatedUser</c>: the user name, whether <c>groups</c> holds
    /// <c>system:serviceaccounts</c>, and the first <c>authentication.kubernetes.io/pod-name</c> extra
    /// (<see cref="HasPod"/> when the extra is a non-empty array; its first item, which may be no string).
    /// </summary>
    private struct UserFields
    {
        public JsonTokenType Token;
        public Slot Username;
        public bool ServiceAccountGroup;
        public bool HasPod;
        public Slot Pod;

        public static UserFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, new UserFields { Token = reader.TokenType }, Property);

        private static void Property(ref UserFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            if (name.SequenceEqual("username"u8))
            {
                fields.Username = Slot.Take(ref reader);
            }
            else if (name.SequenceEqual("groups"u8))
            {
                fields.ServiceAccountGroup = Groups(ref reader);
            }
            else if (name.SequenceEqual("extra"u8))
            {
                var extra = ReadObject(ref reader, default(UserFields), Extra);
                (fields.HasPod, fields.Pod) = (extra.HasPod, extra.Pod);
            }
            else
            {
                reader.Skip();
            }
        }

        private static bool Groups(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return false;
            }

            var member = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                member |= reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("system:serviceaccounts"u8);
                reader.Skip();
            }

            return member;
        }

        /// <summary>A property of <c>user.extra</c>: the pod name is the first item of its array, the rest is passed over.</summary>
        private static void Extra(ref UserFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            if (!name.SequenceEqual("authentication.kubernetes.io/pod-name"u8))
            {
                reader.Skip();
                return;
            }

            (fields.HasPod, fields.Pod) = (false, default);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                reader.Skip();
                return;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (fields.HasPod)
                {
                    reader.Skip();
                }
                else
                {
                    (fields.HasPod, fields.Pod) = (true, Slot.Take(ref reader));
                }
            }
        }
    }

    /// <summary>An Event's <c>objectRef</c>.</summary>
    private struct ObjectRefFields
    {
        public JsonTokenType Token;
        public Slot ApiGroup;
        public Slot Resource;
        public Slot Subresource;
        public Slot Name;
        public Slot Namespace;

        public static ObjectRefFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, new ObjectRefFields { Token = reader.TokenType }, Property);

        private static void Property(ref ObjectRefFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            switch (name.Length)
            {
                case 4 when name.SequenceEqual("name"u8): fields.Name = Slot.Take(ref reader); break;
                case 8 when name.SequenceEqual("apiGroup"u8): fields.ApiGroup = Slot.Take(ref reader); break;
                case 8 when name.SequenceEqual("resource"u8): fields.Resource = Slot.Take(ref reader); break;
                case 9 when name.SequenceEqual("namespace"u8): fields.Namespace = Slot.Take(ref reader); break;
                case 11 when name.SequenceEqual("subresource"u8): fields.Subresource = Slot.Take(ref reader); break;
                default: reader.Skip(); break;
            }
        }
    }

    /// <summary>An Event's <c>responseStatus</c>: its <c>code</c> when that is a number that fits an int, else 0.</summary>
    private struct ResponseStatusFields
    {
        public JsonTokenType Token;
        public int Code;

        public static ResponseStatusFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, new ResponseStatusFields { Token = reader.TokenType }, Property);

        private static void Property(ref ResponseStatusFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            if (name.SequenceEqual("code"u8))
            {
                fields.Code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : 0;
            }

            reader.Skip();
        }
    }

    /// <summary>A Vault entry's <c>request</c>: path, operation and id.</summary>
    private struct RequestFields
    {
        public JsonTokenType Token;
        public Slot Path;
        public Slot Operation;
        public Slot Id;

        public static RequestFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, new RequestFields { Token = reader.TokenType }, Property);

        private static void Property(ref RequestFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            switch (name.Length)
            {
                case 2 when name.SequenceEqual("id"u8): fields.Id = Slot.Take(ref reader); break;
                case 4 when name.SequenceEqual("path"u8): fields.Path = Slot.Take(ref reader); break;
                case 9 when name.SequenceEqual("operation"u8): fields.Operation = Slot.Take(ref reader); break;
                default: reader.Skip(); break;
            }
        }
    }

    /// <summary>A Vault entry's <c>auth</c>: display name, <c>metadata.role</c> and policies (the array, read when the entry is kept).</summary>
    private struct AuthFields
    {
        public JsonTokenType Token;
        public Slot DisplayName;
        public JsonTokenType MetadataToken;
        public Slot Role;
        public Slot Policies;

        public static AuthFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, new AuthFields { Token = reader.TokenType }, Property);

        private static void Property(ref AuthFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            switch (name.Length)
            {
                case 8 when name.SequenceEqual("policies"u8): fields.Policies = Slot.Take(ref reader); break;
                case 8 when name.SequenceEqual("metadata"u8):
                    var metadata = ReadObject(ref reader, new AuthFields { MetadataToken = reader.TokenType }, Metadata);
                    (fields.MetadataToken, fields.Role) = (metadata.MetadataToken, metadata.Role);
                    break;
                case 12 when name.SequenceEqual("display_name"u8): fields.DisplayName = Slot.Take(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        private static void Metadata(ref AuthFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            if (name.SequenceEqual("role"u8))
            {
                fields.Role = Slot.Take(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
    }

    /// <summary>An AKS record's <c>properties</c>: whether it is there (any value) and its <c>log</c>.</summary>
    private struct PropertiesFields
    {
        public JsonTokenType Token;
        public Slot Log;

        public static PropertiesFields Read(ref Utf8JsonReader reader) => ReadObject(ref reader, new PropertiesFields { Token = reader.TokenType }, Property);

        private static void Property(ref PropertiesFields fields, scoped ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            if (name.SequenceEqual("log"u8))
            {
                fields.Log = Slot.Take(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
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
