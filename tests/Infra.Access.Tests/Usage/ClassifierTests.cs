using System.Text.Json.Nodes;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Usage;

namespace Infra.Access.Tests.Usage;

/// <summary>What one record means against the staging plan, read as an attacker would write it.</summary>
public sealed class ClassifierTests
{
    private const string Deploy = "system:serviceaccount:payments-staging:ci-payments-api-deploy";

    private static string Event(string user, string verb, string? group, string? resource, string? name, string? ns, int code,
        string stage = "ResponseComplete", string? subresource = null, string? impersonated = null, string? pod = null, string time = "2026-11-20T10:00:00.000000Z", string? uri = null)
    {
        var e = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["stage"] = stage,
            ["verb"] = verb,
            ["requestURI"] = uri ?? "/x",
            ["user"] = new JsonObject
            {
                ["username"] = user,
                ["groups"] = user.StartsWith("system:serviceaccount:", StringComparison.Ordinal) ? new JsonArray("system:serviceaccounts", "system:authenticated") : new JsonArray("system:authenticated"),
                ["extra"] = pod is null ? new JsonObject() : new JsonObject { ["authentication.kubernetes.io/pod-name"] = new JsonArray(pod) },
            },
            ["requestReceivedTimestamp"] = time,
            ["responseStatus"] = new JsonObject { ["code"] = code },
        };
        if (resource is not null)
        {
            e["objectRef"] = new JsonObject { ["apiGroup"] = group, ["resource"] = resource, ["name"] = name, ["namespace"] = ns, ["subresource"] = subresource };
        }

        if (impersonated is not null)
        {
            e["impersonatedUser"] = new JsonObject { ["username"] = impersonated };
        }

        return e.ToJsonString();
    }

    private static string Vault(string type, string path, string operation, string? role, string display, string policy, string error = "", string time = "2026-11-20T10:00:00.123456789Z", string id = "r1")
    {
        var auth = new JsonObject { ["display_name"] = display, ["policies"] = new JsonArray(policy), ["client_token"] = "hmac-sha256:00" };
        if (role is not null)
        {
            auth["metadata"] = new JsonObject { ["role"] = role };
        }

        return new JsonObject
        {
            ["time"] = time,
            ["type"] = type,
            ["auth"] = auth,
            ["request"] = new JsonObject { ["id"] = id, ["path"] = path, ["operation"] = operation, ["client_token"] = "hmac-sha256:01" },
            ["error"] = error,
        }.ToJsonString();
    }

    private static readonly string DeployDisplay = "jwt-ci-staging-repo:example-org/payments-api:environment:staging";

    private static UsageReport Run(params string[] lines) => UsageTestKit.Run(UsageTestKit.StagingIndex, lines);

    private static UsageAnomaly Single(UsageReport report)
    {
        var anomaly = Assert.Single(report.Anomalies);
        Assert.Equal(1, anomaly.Count);
        return anomaly;
    }

    [Theory]
    // A ServiceAccount that only looks like a stage's: same name, another namespace; a suffix; a pipeline namespace.
    [InlineData("system:serviceaccount:orders-staging:ci-payments-api-deploy", "USE003")]
    [InlineData("system:serviceaccount:payments-staging:ci-payments-api-deploy-v2", "USE003")]
    [InlineData("system:serviceaccount:payments-staging:deployer", "USE003")]
    [InlineData("system:serviceaccount:payments-staging:ci-payments-api-deploy ", "USE003")]
    public void Classify_WhenServiceAccountOnlyLooksPlanned_ShouldReportUnknownIdentity(string user, string id)
    {
        var anomaly = Single(Run(Event(user, "patch", "apps", "deployments", "payments-api", "payments-staging", 200)));

        Assert.Equal(id, anomaly.Id);
        Assert.Null(anomaly.Identity);
    }

    [Theory]
    [InlineData("system:serviceaccount:monitoring:prometheus")]
    [InlineData("alice@example.org")]
    [InlineData("system:serviceaccount:kube-system:replicaset-controller")]
    public void Classify_WhenNotCi_ShouldFlagNothing(string user)
    {
        var report = Run(Event(user, "delete", "", "secrets", "x", "payments-staging", 403));

        Assert.Empty(report.Anomalies);
        Assert.Equal(1, report.Input.NotCi);
    }

    [Theory]
    // Granted verb and object in another namespace, or a verb the Role lacks: allowed means drift, denied means an attempt.
    [InlineData("orders-staging", "patch", "payments-api", 200, "USE005")]
    [InlineData("orders-staging", "patch", "payments-api", 403, "USE001")]
    [InlineData("payments-staging", "delete", "payments-api", 200, "USE005")]
    [InlineData("payments-staging", "patch", "other-app", 200, "USE005")]
    [InlineData("payments-staging", "patch", "other-app", 403, "USE001")]
    public void Classify_WhenStageActsBeyondItsGrants_ShouldReportIt(string ns, string verb, string name, int code, string id)
    {
        var anomaly = Single(Run(Event(Deploy, verb, "apps", "deployments", name, ns, code)));

        Assert.Equal(id, anomaly.Id);
        Assert.Equal("payments-api/deploy", anomaly.Identity);
    }

    [Fact]
    public void Classify_WhenStageUsesItsGrant_ShouldCountItOnceAcrossStages()
    {
        var report = Run(
            Event(Deploy, "patch", "apps", "deployments", "payments-api", "payments-staging", 0, stage: "RequestReceived"),
            Event(Deploy, "patch", "apps", "deployments", "payments-api", "payments-staging", 200),
            Event(Deploy, "patch", "apps", "deployments", "payments-api", "payments-staging", 404, time: "2026-11-21T10:00:00Z"));

        Assert.Empty(report.Anomalies);
        var used = Assert.Single(report.Identities.Single(i => i.Identity == "payments-api/deploy").Used);
        Assert.Equal(("apps/deployments:payments-api", "patch", 2L), (used.Resource, used.Action, used.Count));
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero), used.LastSeen);
    }

    [Fact]
    public void Classify_WhenSubresourceIsUsed_ShouldNeedTheSubresourceGrant()
    {
        // pods/log is granted to verify, pods/exec to nobody: a grant on pods is not one on its subresources.
        var report = Run(
            Event("system:serviceaccount:payments-staging:ci-payments-api-verify", "get", "", "pods", "p", "payments-staging", 200, subresource: "log"),
            Event("system:serviceaccount:payments-staging:ci-payments-api-verify", "create", "", "pods", "p", "payments-staging", 101, subresource: "exec"));

        Assert.Equal("USE005", Single(report).Id);
        Assert.Contains("core/pods/exec:p", report.Anomalies[0].Action, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_WhenDiscoveryOrSelfReview_ShouldNotBeAnAnomaly()
    {
        var report = Run(
            Event(Deploy, "get", null, null, null, null, 200, uri: "/apis"),
            Event(Deploy, "get", null, null, null, null, 200, uri: "/openapi/v3/apis/apps/v1?hash=1"),
            Event(Deploy, "create", "authorization.k8s.io", "selfsubjectaccessreviews", null, null, 201));

        Assert.Empty(report.Anomalies);
    }

    [Fact]
    public void Classify_WhenNonResourceUrlIsNotDiscovery_ShouldBeBeyondPlan()
    {
        Assert.Equal("USE005", Single(Run(Event(Deploy, "get", null, null, null, null, 200, uri: "/apisx/metrics"))).Id);
    }

    [Theory]
    [InlineData("alice@example.org", Deploy, "USE004")]
    [InlineData(Deploy, "system:serviceaccount:kube-system:clusterrole-aggregation-controller", "USE005")]
    [InlineData("alice@example.org", "system:serviceaccount:payments-staging:ci-shadow", "USE003")]
    public void Classify_WhenImpersonationIsInvolved_ShouldReportIt(string user, string impersonated, string id)
    {
        Assert.Equal(id, Single(Run(Event(user, "get", "apps", "deployments", "payments-api", "payments-staging", 200, impersonated: impersonated))).Id);
    }

    [Fact]
    public void Classify_WhenAUserIsOnlyNamedLikeTheServiceAccount_ShouldReportUseOutsideCi()
    {
        var line = Event(Deploy, "patch", "apps", "deployments", "payments-api", "payments-staging", 200)
            .Replace("\"system:serviceaccounts\",", "", StringComparison.Ordinal);

        var anomaly = Single(Run(line));

        Assert.Equal(("USE004", "payments-api/deploy"), (anomaly.Id, anomaly.Identity));
        Assert.Contains("without the system:serviceaccounts group", anomaly.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_WhenTokenIsBoundToAPod_ShouldReportUseOutsideCi()
    {
        var anomaly = Single(Run(Event(Deploy, "patch", "apps", "deployments", "payments-api", "payments-staging", 200, pod: "debug-7f9c")));

        Assert.Equal("USE004", anomaly.Id);
        Assert.Contains("debug-7f9c", anomaly.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("system:serviceaccount:search-staging:ci-search-indexer-deploy", 403)]
    [InlineData("system:serviceaccount:search-staging:ci-search-indexer-deploy", 200)]
    [InlineData("system:serviceaccount:reports-staging:ci-legacy-reports-deploy", 403)]
    public void Classify_WhenInactivePipelineActs_ShouldReportRevocationThatDidNotWork(string user, int code)
    {
        Assert.Equal("USE002", Single(Run(Event(user, "get", "apps", "deployments", "x", "search-staging", code))).Id);
    }

    [Theory]
    [InlineData("2027-01-15T23:59:59Z", "USE001")]
    [InlineData("2027-01-16T00:00:00Z", "USE002")]
    public void Classify_WhenSuspendedPipelineActs_ShouldReportRevocationOnlyAfterItsReviewDate(string time, string id)
    {
        // secret-rotation's reviewBy is 2027-01-15: planned on 2027-03-05 it is suspended, from 2027-01-16 on.
        var index = UsageTestKit.Index(UsageTestKit.Staging, new DateOnly(2027, 3, 5));
        var lines = new[] { Event("system:serviceaccount:secret-rotation-staging:ci-secret-rotation-rotate", "get", "", "pods", "x", "secret-rotation-staging", 403, time: time) };

        var report = UsageTestKit.Run(index, lines);

        Assert.Equal(id, Assert.Single(report.Anomalies).Id);
    }

    [Fact]
    public void Classify_WhenVaultStageReadsItsSecret_ShouldCountResponsesOnly()
    {
        var report = Run(
            Vault("request", "kv-staging/data/payments/api", "read", "ci-payments-api-deploy", DeployDisplay, "ci-staging-payments-api-deploy"),
            Vault("response", "kv-staging/data/payments/api", "read", "ci-payments-api-deploy", DeployDisplay, "ci-staging-payments-api-deploy"),
            Vault("response", "auth/jwt-ci-staging/login", "update", "ci-payments-api-deploy", DeployDisplay, "ci-staging-payments-api-deploy"));

        Assert.Empty(report.Anomalies);
        var identity = report.Identities.Single(i => i.Identity == "payments-api/deploy");
        Assert.Equal((1L, 1L), (identity.Requests, identity.Logins));
        Assert.Contains(identity.Used, g => g.Resource == "kv-staging/data/payments/api" && g.Count == 1);
    }

    [Fact]
    public void Classify_WhenVaultDenialIsLoggedTwice_ShouldCountItOnce()
    {
        var report = Run(
            Vault("request", "kv-staging/data/ledger/migrator", "read", "ci-payments-api-deploy", DeployDisplay, "ci-staging-payments-api-deploy", "permission denied"),
            Vault("response", "kv-staging/data/ledger/migrator", "read", "ci-payments-api-deploy", DeployDisplay, "ci-staging-payments-api-deploy", "1 error occurred:\n\t* permission denied\n\n"));

        Assert.Equal("USE001", Single(report).Id);
    }

    [Theory]
    // The same role name under another auth mount is not the CI role; a token carrying a stage policy outside JWT is use outside CI.
    [InlineData("approle-ci-payments-api-deploy", "ci-payments-api-deploy", "ci-staging-payments-api-deploy", "USE004")]
    [InlineData("token", null, "ci-staging-payments-api-deploy", "USE004")]
    [InlineData("approle-ci-payments-api-deploy", "ci-payments-api-deploy", "platform-operator", null)]
    [InlineData("jwt-ci-staging-repo:example-org/shadow:environment:staging", "ci-shadow", "ci-staging-shadow", "USE003")]
    [InlineData("jwt-ci-staging-repo:attacker/payments-api:environment:staging", "ci-payments-api-deploy", "ci-staging-payments-api-deploy", "USE004")]
    [InlineData("jwt-ci-staging-repo:example-org/legacy-reports:environment:staging", "ci-legacy-reports-deploy", "ci-staging-legacy-reports-deploy", "USE002")]
    public void Classify_WhenVaultTokenIsNotTheStagesOwn_ShouldReportIt(string display, string? role, string policy, string? id)
    {
        var report = Run(Vault("response", "kv-staging/data/payments/api", "read", role, display, policy));

        Assert.Equal(id, report.Anomalies.SingleOrDefault()?.Id);
    }

    [Fact]
    public void Classify_WhenVaultLoginCarriesUnplannedPolicies_ShouldReportBeyondPlan()
    {
        var line = Vault("response", "auth/jwt-ci-staging/login", "update", "ci-payments-api-deploy", DeployDisplay, "ci-staging-payments-api-deploy")
            .Replace("[\"ci-staging-payments-api-deploy\"]", "[\"ci-staging-payments-api-deploy\",\"admin\"]", StringComparison.Ordinal);

        Assert.Equal("USE005", Single(Run(line)).Id);
    }

    [Fact]
    public void Tally_WhenWindowIsGiven_ShouldCountOnlyRecordsInside()
    {
        var report = UsageTestKit.Run(UsageTestKit.StagingIndex,
            [
                Event(Deploy, "delete", "", "secrets", "x", "payments-staging", 403, time: "2026-11-19T23:59:59Z"),
                Event(Deploy, "delete", "", "secrets", "x", "payments-staging", 403, time: "2026-11-20T00:00:00Z"),
                Event(Deploy, "delete", "", "secrets", "x", "payments-staging", 403, time: "2026-11-21T00:00:00Z"),
            ],
            new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, Single(report).Count);
        Assert.Equal(2, report.Input.OutsideWindow);
    }

    [Fact]
    public void Tally_WhenAnomalyGroupsExceedTheLimit_ShouldCountTheRestWithoutItemizing()
    {
        var lines = Enumerable.Range(0, 30).Select(i => Event(Deploy, "get", "", "secrets", $"s{i}", "payments-staging", 403));

        var report = UsageTestKit.Run(UsageTestKit.StagingIndex, lines, limits: new UsageLimits(MaxAnomalyGroups: 10));

        Assert.Equal(10, report.Anomalies.Length);
        Assert.Equal(20, report.AnomaliesNotItemized);
        Assert.Equal(30, report.AnomalyCount);
    }

    [Fact]
    public void Tally_WhenLogTextHoldsControlCharacters_ShouldNeverPrintThem()
    {
        var name = "x\u001b[2J\nforged line\u202Eevil" + new string('a', 5000);

        var report = Run(Event(Deploy, "get", "", "secrets", name, "payments-staging", 403));

        var text = UsageText.Render(report);
        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u202E', text);
        Assert.DoesNotContain("\nforged", text, StringComparison.Ordinal);
        Assert.True(report.Anomalies[0].Action.Length <= UsageLimits.Default.MaxTextLength + 1);
    }

    [Fact]
    public void Renderers_WhenLogTextIsMarkup_ShouldEscapeIt()
    {
        var report = Run(Event(Deploy, "get", "", "secrets", "<script>alert(1)</script>|x](http://evil)", "payments-staging", 403));

        var html = UsageHtml.Render(report, new Infra.Access.Rules.GuardrailReport([], [], []), UsageTestKit.Today);
        var markdown = UsageMarkdown.Render(report);

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", markdown, StringComparison.Ordinal);
        Assert.Contains("\\|x](http://evil)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Tally_WhenOnlyKubeAuditAdminWasRead_ShouldNotCallReadGrantsUnused()
    {
        // kube-audit-admin leaves get and list out: their grants are not covered, writes still are.
        var report = UsageTestKit.Run(UsageTestKit.StagingIndex, [UsageTestKit.FixtureLines("aks-kube-audit.json").First().Replace("\"category\":\"kube-audit\"", "\"category\":\"kube-audit-admin\"", StringComparison.Ordinal)]);

        var deploy = report.Identities.Single(i => i.Identity == "payments-api/deploy");
        Assert.DoesNotContain(deploy.Unused, g => g.Action is "get" or "list" or "watch");
        Assert.Contains(deploy.Unused, g => g.Action == "patch");
        Assert.True(deploy.NotCovered > 0);
    }

    [Fact]
    public void Fixtures_WhenAnalyzed_ShouldShowEveryExampleAnomaly()
    {
        var lines = UsageTestKit.FixtureLines("kube-audit.jsonl").Concat(UsageTestKit.FixtureLines("aks-kube-audit.json")).Concat(UsageTestKit.FixtureLines("vault-audit.log"));

        var report = UsageTestKit.Run(UsageTestKit.StagingIndex, lines);

        Assert.Equal(0, report.Input.Malformed);
        Assert.Equal(["USE001", "USE001", "USE002", "USE003", "USE004"], report.Anomalies.Select(a => a.Id).Order().ToArray());
        var deploy = report.Identities.Single(i => i.Identity == "payments-api/deploy");
        Assert.Equal(1, deploy.Logins);
        Assert.Contains(deploy.Used, g => g.Resource == "kv-staging/data/payments/api");
        Assert.Contains(report.Identities.Single(i => i.Identity == "orders-worker/deploy").Used, g => g.Resource == "apps/deployments/scale:orders-worker" && g.Action == "patch");
        Assert.Contains(deploy.Unused, g => g.Resource == "core/configmaps:payments-api-config" && g.Declared.Line == Definitions.Read("stacks", "staging.yaml").Split('\n').ToList().FindIndex(l => l.Contains("- configure:", StringComparison.Ordinal)) + 1);
    }
}
