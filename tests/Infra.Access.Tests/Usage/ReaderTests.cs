using Infra.Access.Usage;

namespace Infra.Access.Tests.Usage;

/// <summary>Reading lines and records: real formats in, malformed and hostile lines reported with their line, never a crash.</summary>
public sealed class ReaderTests
{
    private static List<(long Number, string Text, bool TooLong)> Lines(string text, int max = 100)
    {
        var reader = new AuditLineReader(new StringReader(text), max);
        var lines = new List<(long, string, bool)>();
        while (reader.TryRead(out var line))
        {
            lines.Add((line.Number, line.Text.ToString(), line.TooLong));
        }

        return lines;
    }

    [Fact]
    public void Read_WhenLinesEndInCrlfOrNothing_ShouldNumberThemAndDropTheBreak()
    {
        Assert.Equal([(1L, "a", false), (2L, "", false), (3L, "b", false)], Lines("a\r\n\r\nb"));
    }

    [Fact]
    public void Read_WhenALineIsTooLong_ShouldSkipItWithoutBufferingAndGoOn()
    {
        var lines = Lines(new string('x', 250_000) + "\nnext\n", max: 1000);

        Assert.Equal([(1L, "", true), (2L, "next", false)], lines);
    }

    [Theory]
    [InlineData("not json", "not a JSON object")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"ResponseComplete\",\"verb\":\"get\"}", "requestReceivedTimestamp")]
    [InlineData("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"verb\":\"get\",\"requestReceivedTimestamp\":\"2026-11-20T10:00:00Z\"}", "stage or verb")]
    [InlineData("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"x\",\"verb\":\"get\",\"requestReceivedTimestamp\":\"yesterday\"}", "requestReceivedTimestamp")]
    [InlineData("{\"category\":\"kube-audit\",\"properties\":{\"log\":\"{not json\"}}", "not a JSON object")]
    [InlineData("{\"category\":\"kube-audit\",\"properties\":{\"log\":\"{\\\"type\\\":\\\"request\\\"}\"}}", "not an audit.k8s.io Event")]
    [InlineData("{\"category\":\"kube-audit-admin\",\"properties\":{}}", "without a properties.log")]
    [InlineData("{\"type\":\"response\",\"request\":{\"path\":\"a\",\"operation\":\"read\"}}", "without a valid time")]
    [InlineData("{\"time\":\"2026-11-20T10:00:00Z\",\"type\":\"response\",\"request\":{\"path\":\"a\"}}", "request.operation")]
    [InlineData("{\"hello\":\"world\"}", "neither")]
    [InlineData("{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"stage\":\"\uFFFD\"}", "not valid UTF-8")]
    public void Parse_WhenLineIsMalformed_ShouldSayWhy(string line, string fragment)
    {
        var parsed = AuditParser.Parse(line.AsMemory(), new LogPosition("a.log", 7));

        Assert.Null(parsed.Record);
        Assert.Contains(fragment, parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenAksRecordIsOfAnotherCategory_ShouldPassItOver()
    {
        Assert.True(AuditParser.Parse("{\"category\":\"guard\",\"properties\":{\"log\":\"I1123 authorized\"}}".AsMemory(), new LogPosition("a", 1)).IsOther);
    }

    [Fact]
    public void Parse_WhenJsonIsDeeplyNested_ShouldReportNotCrash()
    {
        var line = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";

        Assert.NotNull(AuditParser.Parse(line.AsMemory(), new LogPosition("a", 1)).Error);
    }

    [Fact]
    public void Parse_WhenRealFormats_ShouldReadEveryField()
    {
        var k8s = (KubernetesAuditEvent)AuditParser.Parse(UsageTestKit.FixtureLines("kube-audit.jsonl").ElementAt(4).AsMemory(), new LogPosition("k", 5)).Record!;
        var aks = (KubernetesAuditEvent)AuditParser.Parse(UsageTestKit.FixtureLines("aks-kube-audit.json").First().AsMemory(), new LogPosition("a", 1)).Record!;
        var vault = (VaultAuditEntry)AuditParser.Parse(UsageTestKit.FixtureLines("vault-audit.log").ElementAt(1).AsMemory(), new LogPosition("v", 2)).Record!;

        Assert.Equal(("get", "pods", "log", "payments-api-7d9f", "payments-staging", 200), (k8s.Verb, k8s.Resource, k8s.Subresource, k8s.Name, k8s.Namespace, k8s.Code));
        Assert.Equal("system:serviceaccount:payments-staging:ci-payments-api-verify", k8s.Username);
        Assert.Equal(("scale", "orders-staging"), (aks.Subresource, aks.Namespace));
        Assert.Equal(("response", "auth/jwt-ci-staging/login", "update", "ci-payments-api-deploy"), (vault.Type, vault.Path, vault.Operation, vault.Role));
        Assert.Equal(["ci-staging-payments-api-deploy"], vault.Policies.ToArray());
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 59, 58, TimeSpan.Zero).AddTicks(2234567), vault.Time);
    }

    [Theory]
    [InlineData("2026-11-20T10:00:00Z", true)]
    [InlineData("2026-11-20T10:00:00.123456789Z", true)]
    [InlineData("2026-11-20T12:00:00+02:00", true)]
    [InlineData("20/11/2026", false)]
    [InlineData("", false)]
    public void AuditTime_WhenParsed_ShouldAcceptRfc3339Only(string text, bool ok)
    {
        Assert.Equal(ok, AuditTime.TryParse(text, out _));
    }

    [Fact]
    public void AuditStrings_ShouldReturnTheSameTextAndStayBounded()
    {
        var pool = new AuditStrings();
        var long1 = new string('x', AuditStrings.MaxLength + 1);

        Assert.Same(pool.Get("payments-staging"u8), pool.Get("payments-staging"u8));
        Assert.Equal("naïve-ns-日本", pool.Get(System.Text.Encoding.UTF8.GetBytes("naïve-ns-日本")));
        Assert.Equal(long1, pool.Get(System.Text.Encoding.UTF8.GetBytes(long1)));
        for (var i = 0; i < AuditStrings.MaxEntries + 10; i++)
        {
            Assert.Equal("n" + i, pool.Get(System.Text.Encoding.UTF8.GetBytes("n" + i)));
        }

        // Full: new text is still read right, only no longer pooled.
        Assert.NotSame(pool.Get("after-full"u8), pool.Get("after-full"u8));
        Assert.Equal("after-full", pool.Get("after-full"u8));
    }

    /// <summary>
    /// The fast path for the common shape must read exactly what the reference parser reads, and leave
    /// every other text to it: over the shapes both logs write (0 to 9 fractional digits, Z and
    /// offsets) and near misses (out-of-range fields, leap days, a 24th hour, lowercase, spaces).
    /// </summary>
    [Theory]
    [InlineData("2026-11-20T10:00:00Z", true)]
    [InlineData("2026-11-20T10:00:00.4Z", true)]
    [InlineData("2026-11-20T10:00:00.123456Z", true)]
    [InlineData("2026-11-20T10:00:00.1234567Z", true)]
    [InlineData("2026-11-20T09:59:58.223456789Z", true)]
    [InlineData("2026-11-20T12:00:00+02:00", true)]
    [InlineData("2026-11-20T00:30:00.5-14:00", true)]
    [InlineData("0001-01-01T00:00:00+01:00", false)]
    [InlineData("9999-12-31T23:59:59.9999999-01:00", false)]
    [InlineData("2028-02-29T10:00:00Z", true)]
    [InlineData("2026-02-29T10:00:00Z", false)]
    [InlineData("2026-11-20T24:00:00Z", false)]
    [InlineData("2026-11-20T10:60:00Z", false)]
    [InlineData("2026-11-20T10:00:60Z", false)]
    [InlineData("2026-13-20T10:00:00Z", false)]
    [InlineData("2026-11-20T10:00:00.Z", false)]
    [InlineData("2026-11-20T10:00:00+14:30", false)]
    [InlineData("2026-11-20t10:00:00z", false)]
    [InlineData("2026-11-20T10:00:00", false)]
    [InlineData("2026-11-20T10:00:00Z ", false)]
    [InlineData("2026-11-20 10:00:00Z", false)]
    [InlineData("+026-11-20T10:00:00Z", false)]
    public void AuditTime_TryParseCommon_ShouldAgreeWithTryParseOrLeaveIt(string text, bool common)
    {
        var fast = AuditTime.TryParseCommon(System.Text.Encoding.UTF8.GetBytes(text), out var quick);
        var reference = AuditTime.TryParse(text, out var time);

        Assert.Equal(common, fast);
        if (fast)
        {
            Assert.True(reference);
            Assert.Equal((time, time.Offset), (quick, quick.Offset));
        }
    }
}
