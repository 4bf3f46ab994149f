using System.Text.Json;
using Infra.Access.Usage;

namespace Infra.Access.Tests.Usage;

/// <summary>
/// The one-pass reader's edge cases: it must read what a JsonDocument read (escapes, duplicate names,
/// values of the wrong type) and fail as a JsonDocument failed (same message), whatever the line holds.
/// </summary>
public sealed class ParserEdgeTests
{
    private const string Event = "\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\",\"requestReceivedTimestamp\":\"2026-11-20T10:00:00Z\"";

    private static AuditParse Parse(string line, bool pooled = true) =>
        AuditParser.Parse(line.AsMemory(), new LogPosition("a.log", 1), pooled ? new AuditStrings() : null);

    private static KubernetesAuditEvent Kubernetes(string fields, bool pooled = true)
    {
        var parsed = Parse("{" + Event + "," + fields + "}", pooled);
        Assert.Null(parsed.Error);
        return (KubernetesAuditEvent)parsed.Record!;
    }

    /// <summary>What JsonDocument said of a line it could not parse: the wording usage reports.</summary>
    private static string DocumentError(string line)
    {
        var e = Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 64 }).Dispose());
        return "not a JSON object: " + e.Message;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Parse_WhenNamesAndValuesAreEscaped_ShouldReadThemUnescaped(bool pooled)
    {
        var line = "{\"k\\u0069nd\":\"Ev\\u0065nt\",\"apiVersion\":\"audit.k8s.io\\/v1\",\"st\\u0061ge\":\"Response\\u0043omplete\",\"verb\":\"g\\u0065t\","
            + "\"requestReceivedTimestamp\":\"2026-11-20T10:00:00\\u005a\",\"user\":{\"user\\u006eame\":\"system:serviceaccount:ns:ci-a\\u0062\",\"groups\":[\"system:service\\u0061ccounts\"],"
            + "\"extra\":{\"authentication.kubernetes.io\\/pod-name\":[\"p\\u00e9d\"]}},\"objectRef\":{\"resource\":\"po\\u0064s\",\"namespace\":\"ns\",\"name\":\"\\\"quoted\\\"\"}}";

        var e = (KubernetesAuditEvent)Parse(line, pooled).Record!;

        Assert.Equal(("ResponseComplete", "get", "system:serviceaccount:ns:ci-ab", true), (e.Stage, e.Verb, e.Username, e.ServiceAccountGroup));
        Assert.Equal(("pods", "ns", "\"quoted\"", "péd"), (e.Resource, e.Namespace, e.Name, e.PodName));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), e.Time);
    }

    /// <summary>A lone surrogate escape is valid JSON but no text: the line is malformed, never an exception.</summary>
    [Theory]
    [InlineData(true, "{" + Event + ",\"user\":{\"username\":\"\\ud800system:serviceaccount:ns:ci-a\"}}")]
    [InlineData(false, "{" + Event + ",\"user\":{\"username\":\"system:serviceaccount:ns:ci-a\\udfff\"}}")]
    [InlineData(true, "{" + Event + ",\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"\\ud800\",\"name\":\"a\"}}")]
    [InlineData(true, "{\"time\":\"2026-11-20T10:00:00Z\",\"type\":\"request\",\"request\":{\"id\":\"r1\",\"path\":\"kv/data/\\ud800\",\"operation\":\"read\"},\"auth\":{\"display_name\":\"jwt-x\"}}")]
    [InlineData(true, "{\"time\":\"2026-11-20T10:00:00Z\",\"category\":\"kube-audit\",\"properties\":{\"log\":\"{\\\"kind\\\":\\\"Event\\\",\\\"apiVersion\\\":\\\"audit.k8s.io/v1\\\",\\\"stage\\\":\\\"ResponseComplete\\\",\\\"verb\\\":\\\"get\\\",\\\"requestReceivedTimestamp\\\":\\\"2026-11-20T10:00:00Z\\\",\\\"user\\\":{\\\"username\\\":\\\"\\\\ud800\\\"}}\"}}")]
    public void Parse_WhenAStringEscapesALoneSurrogate_ShouldReportTheLineMalformed(bool pooled, string line)
    {
        var parsed = Parse(line, pooled);

        Assert.Null(parsed.Record);
        Assert.Equal(AuditParser.LoneSurrogate, parsed.Error);
    }

    [Fact]
    public void Parse_WhenNamesRepeat_ShouldKeepTheLastValueOfEachAndNothingOfEarlierObjects()
    {
        var e = Kubernetes("\"user\":{\"username\":\"system:serviceaccount:a:ci-x\",\"groups\":[\"system:serviceaccounts\"],\"extra\":{\"authentication.kubernetes.io/pod-name\":[\"p\"]}},"
            + "\"user\":{\"username\":\"first\",\"username\":\"system:serviceaccount:b:ci-y\"},"
            + "\"objectRef\":{\"resource\":\"secrets\",\"name\":\"a\",\"name\":\"b\"},\"responseStatus\":{\"code\":403,\"code\":200},\"verb\":\"list\"");

        Assert.Equal(("system:serviceaccount:b:ci-y", false, null), (e.Username, e.ServiceAccountGroup, e.PodName));
        Assert.Equal(("secrets", "b", 200, "list"), (e.Resource, e.Name, e.Code, e.Verb));
    }

    [Fact]
    public void Parse_WhenValuesHaveTheWrongType_ShouldReadThemAsAbsent()
    {
        var e = Kubernetes("\"user\":{\"username\":5,\"groups\":\"system:serviceaccounts\",\"extra\":{\"authentication.kubernetes.io/pod-name\":[{\"a\":1},\"p\"]}},"
            + "\"impersonatedUser\":{\"username\":[]},\"objectRef\":{\"resource\":7,\"namespace\":null},\"responseStatus\":{\"code\":\"200\"},\"requestURI\":true");

        Assert.Equal(("", false, "?", ""), (e.Username, e.ServiceAccountGroup, e.PodName, e.ImpersonatedUser));
        Assert.Equal((null, null, 0, null), (e.Resource, e.Namespace, e.Code, e.RequestUri));
        Assert.Equal(0, Kubernetes("\"responseStatus\":{\"code\":2147483648}").Code);
        Assert.Equal(0, Kubernetes("\"responseStatus\":{\"code\":2e2}").Code);
        Assert.Null(Kubernetes("\"user\":{\"extra\":{\"authentication.kubernetes.io/pod-name\":[]}}").PodName);
        Assert.Equal("an audit Event without stage or verb", Parse("{" + Event + ",\"verb\":5}").Error);
        Assert.Equal("an audit Event without a valid requestReceivedTimestamp", Parse("{" + Event + ",\"requestReceivedTimestamp\":1}").Error);
    }

    [Fact]
    public void Parse_WhenVaultPoliciesHoldOtherValues_ShouldKeepTheStringsOnly()
    {
        var line = "{\"time\":\"2026-11-20T10:00:00.123456789Z\",\"type\":\"response\",\"request\":{\"id\":\"r\\u0031\",\"path\":\"kv\\/data\\/a\",\"operation\":\"read\"},"
            + "\"auth\":{\"policies\":[\"old\"],\"display_name\":\"jwt-x\",\"metadata\":{\"role\":\"r1\"},\"metadata\":{\"other\":1},\"policies\":[1,\"p\\u00e9\",null,[\"nested\"],\"default\"]},\"error\":\"\"}";

        var v = (VaultAuditEntry)Parse(line).Record!;

        Assert.Equal(("r1", "kv/data/a", "read", "jwt-x", null, null), (v.RequestId, v.Path, v.Operation, v.DisplayName, v.Role, v.Error));
        Assert.Equal(["pé", "default"], v.Policies.ToArray());
    }

    [Fact]
    public void Parse_WhenStringsAreHuge_ShouldReadThemWhole()
    {
        var name = new string('n', 200_000);
        var escaped = string.Concat(Enumerable.Repeat("\\u0041", 50_000));

        Assert.Equal(name, Kubernetes($"\"objectRef\":{{\"resource\":\"pods\",\"name\":\"{name}\"}}").Name);
        Assert.Equal(new string('A', 50_000), Kubernetes($"\"objectRef\":{{\"resource\":\"pods\",\"namespace\":\"{escaped}\"}}", pooled: false).Namespace);
    }

    [Fact]
    public void Parse_WhenAksLogIsEscaped_ShouldReadTheEventInside()
    {
        var inner = JsonSerializer.Serialize("{" + Event + ",\"user\":{\"username\":\"system:serviceaccount:ns:ci-\u00e9\"},\"objectRef\":{\"resource\":\"pods\"}}");

        var e = (KubernetesAuditEvent)Parse("{\"category\":\"kube-audit-admin\",\"properties\":{\"log\":" + inner + "}}").Record!;

        Assert.Equal(("system:serviceaccount:ns:ci-é", "pods", true), (e.Username, e.Resource, e.WritesOnly));
    }

    /// <summary>A syntax error anywhere wins over what the fields before it held, and is worded as JsonDocument worded it.</summary>
    [Theory]
    [InlineData("{" + Event + "} trailing")]
    [InlineData("{" + Event + ",}")]
    [InlineData("{" + Event + "}/*c*/")]
    [InlineData("{" + Event + ",\"a\":[1,2}")]
    [InlineData("{\"a\":1,\"a\":tru}")]
    [InlineData("[1,2")]
    [InlineData("")]
    public void Parse_WhenSyntaxIsBroken_ShouldSayWhatJsonDocumentSaid(string line)
    {
        Assert.Equal(DocumentError(line), Parse(line).Error);
    }

    [Fact]
    public void Parse_WhenNestedBeyondTheDepthBound_ShouldSayWhatJsonDocumentSaid()
    {
        static string Nested(int depth) => "{" + Event + ",\"x\":" + new string('[', depth) + new string(']', depth) + "}";

        Assert.Null(Parse(Nested(63)).Error);
        Assert.Equal(DocumentError(Nested(64)), Parse(Nested(64)).Error);
        Assert.Contains("depth of 64", Parse(Nested(100_000)).Error, StringComparison.Ordinal);
    }

    /// <summary>Every cut of real lines of the three formats is reported, with JsonDocument's wording, never thrown.</summary>
    [Theory]
    [InlineData("kube-audit.jsonl")]
    [InlineData("aks-kube-audit.json")]
    [InlineData("vault-audit.log")]
    public void Parse_WhenLineIsTruncated_ShouldReportItAsJsonDocumentDid(string fixture)
    {
        var line = UsageTestKit.FixtureLines(fixture).First(l => l.Length > 0);
        for (var cut = 0; cut < line.Length; cut += 3)
        {
            var text = line[..cut];
            Assert.Equal(DocumentError(text), Parse(text).Error);
        }

        Assert.Null(Parse(line).Error);
    }
}
