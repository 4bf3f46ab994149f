using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Access.Matrix;
using Infra.Access.Usage;

namespace Infra.Access.Synthetic;

/// <summary>Options of a synthetic audit log: how many ordinary events, the seed, and whether Kubernetes events come wrapped as AKS diagnostic records.</summary>
public sealed record AuditLogOptions(int Events, int Seed, bool AksRecords = false, bool InjectAnomalies = true);

/// <summary>An anomaly the generator put in the log: its kind and the principal the report names.</summary>
public sealed record InjectedAnomaly(string Id, string Principal);

/// <summary>
/// A synthetic audit log for a plan: the lines (Kubernetes audit Events, or AKS records, and Vault
/// entries mixed, in time order, written lazily so a million events never sit in memory), the
/// anomalies injected, and the grants left unused on purpose.
/// </summary>
public sealed class SyntheticAuditLog
{
    internal SyntheticAuditLog(Func<IEnumerable<string>> lines, ImmutableArray<InjectedAnomaly> injected, int injectedRecords, ImmutableArray<AccessRow> unused)
    {
        Lines = lines;
        Injected = injected;
        InjectedRecords = injectedRecords;
        Unused = unused;
    }

    /// <summary>The log's lines; each enumeration writes the same lines again.</summary>
    public Func<IEnumerable<string>> Lines { get; }

    public ImmutableArray<InjectedAnomaly> Injected { get; }

    /// <summary>How many anomalous requests the injected anomalies are (a Vault denial logged twice is one).</summary>
    public int InjectedRecords { get; }

    /// <summary>The live Kubernetes and Vault grants no event uses.</summary>
    public ImmutableArray<AccessRow> Unused { get; }
}

/// <summary>
/// Writes realistic audit logs for a plan, the same for the same seed: every live stage uses most
/// of its grants (a third are left unused), logs in to Vault, and the log carries the noise of a
/// real cluster (controllers, people, request-stage duplicates, Vault request entries). Injected
/// anomalies cover every kind of <see cref="AnomalyKind"/>: denials, activity of inactive pipelines,
/// unknown CI-looking identities, use outside the CI subject, grants beyond the plan.
/// </summary>
public static class AuditLogGenerator
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Span = TimeSpan.FromDays(30);

    public static SyntheticAuditLog Generate(UsageIndex index, AuditLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var live = index.Identities.Where(i => i.RevokedSince is null).ToList();
        var used = new List<PlannedGrant>();
        var unused = ImmutableArray.CreateBuilder<AccessRow>();
        foreach (var identity in live)
        {
            var grants = index.GrantsOf(identity.Id).Where(g => g.Row.System is AccessMatrix.Kubernetes or AccessMatrix.Vault).ToList();
            foreach (var grant in grants)
            {
                // Keep at least one grant per identity in use, leave about a third unused.
                if (grants.Count > 1 && grant != grants[0] && random.Next(3) == 0)
                {
                    unused.Add(grant.Row);
                }
                else
                {
                    used.Add(grant);
                }
            }
        }

        var injections = options.InjectAnomalies ? Injections(index, live, random) : [];
        var total = Math.Max(options.Events, used.Count);
        var seed = options.Seed;
        return new SyntheticAuditLog(
            () => Write(index, options with { Events = total }, seed, used, injections),
            [.. injections.Select(i => i.Expected).Distinct()],
            injections.Count,
            unused.ToImmutable());
    }

    private static IEnumerable<string> Write(UsageIndex index, AuditLogOptions options, int seed, List<PlannedGrant> used, List<Injection> injections)
    {
        var random = new Random(seed ^ 0x5EED);
        var writer = new LineWriter(index, options.AksRecords, random);
        var next = 0;
        var vaultStages = index.Identities.Where(i => i.RevokedSince is null && used.Any(g => g.Row.Identity == i.Id && g.Row.System == AccessMatrix.Vault)).ToList();
        var byId = index.Identities.ToDictionary(i => i.Id, StringComparer.Ordinal);
        for (var i = 0; i < options.Events; i++)
        {
            // Ticks per event first: Span * i would overflow a TimeSpan past a few hundred thousand events.
            var time = Start + TimeSpan.FromTicks(Span.Ticks / options.Events * i);
            if (next < injections.Count && i >= (long)(next + 1) * options.Events / (injections.Count + 1))
            {
                foreach (var line in injections[next].Write(writer, time))
                {
                    yield return line;
                }

                next++;
            }

            var grant = i < used.Count ? used[i] : used[random.Next(used.Count)];
            var identity = byId[grant.Row.Identity];
            if (grant.Row.System == AccessMatrix.Vault)
            {
                if (random.Next(4) == 0)
                {
                    yield return writer.Vault(time, "request", identity, index.JwtLoginPath, "update", null, auth: false);
                    yield return writer.Vault(time, "response", identity, index.JwtLoginPath, "update", null);
                }

                yield return writer.Vault(time, "request", identity, grant.Row.Resource, grant.Row.Action, null);
                yield return writer.Vault(time, "response", identity, grant.Row.Resource, grant.Row.Action, null);
            }
            else
            {
                var (group, resource, subresource, name) = Split(grant.Row.Resource, grant.Row.Action, random);
                if (random.Next(5) == 0)
                {
                    yield return writer.Kubernetes(time, "RequestReceived", identity.ServiceAccountUser, grant.Row.Action, group, resource, subresource, name, grant.Row.Scope, 0);
                }

                yield return writer.Kubernetes(time, "ResponseComplete", identity.ServiceAccountUser, grant.Row.Action, group, resource, subresource, name, grant.Row.Scope, random.Next(20) == 0 ? 404 : 200);
            }

            // The noise of a real cluster and Vault: controllers, people, other workloads.
            switch (random.Next(6))
            {
                case 0:
                    yield return writer.Kubernetes(time, "ResponseComplete", "system:serviceaccount:kube-system:replicaset-controller", "update", "apps", "replicasets", "status", "web-7d9f", "default", 200);
                    break;
                case 1:
                    yield return writer.Kubernetes(time, "ResponseComplete", "alice@example.org", "get", "", "pods", null, null, "monitoring", 403);
                    break;
                case 2:
                    yield return writer.Kubernetes(time, "ResponseComplete", "system:serviceaccount:monitoring:prometheus", "list", "", "endpoints", null, null, null, 200);
                    break;
                case 3 when vaultStages.Count > 0:
                    yield return writer.VaultOther(time, "auth/token/lookup-self", "read");
                    break;
                default:
                    break;
            }
        }

        for (; next < injections.Count; next++)
        {
            foreach (var line in injections[next].Write(writer, Start + Span))
            {
                yield return line;
            }
        }
    }

    /// <summary>One injected anomaly per kind and source the plan allows, each with a principal of its own.</summary>
    private static List<Injection> Injections(UsageIndex index, List<PlannedIdentity> live, Random random)
    {
        var injections = new List<Injection>();
        PlannedIdentity Pick(List<PlannedIdentity> from) => from[random.Next(from.Count)];
        var kubernetes = live.Where(i => i.Stage.TouchesKubernetes).ToList();
        var vault = live.Where(i => index.GrantsOf(i.Id).Any(g => g.Row.System == AccessMatrix.Vault)).ToList();
        var inactive = index.Identities.Where(i => i.RevokedSince is not null).ToList();
        var ns = index.Definition.Pipelines.SelectMany(p => p.Namespaces).Order(StringComparer.Ordinal).FirstOrDefault() ?? "ci";
        if (kubernetes.Count > 0)
        {
            var denied = Pick(kubernetes);
            var home = HomeOf(denied);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Denied.Id, denied.ServiceAccountUser),
                (w, t) => [w.Kubernetes(t, "ResponseComplete", denied.ServiceAccountUser, "delete", "", "secrets", null, "db-password", home, 403)]));
            var beyond = Pick(kubernetes);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.BeyondPlan.Id, beyond.ServiceAccountUser),
                (w, t) => [w.Kubernetes(t, "ResponseComplete", beyond.ServiceAccountUser, "create", "rbac.authorization.k8s.io", "rolebindings", null, "backdoor", HomeOf(beyond), 201)]));
            var impersonated = Pick(kubernetes);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.OutsideSubject.Id, impersonated.ServiceAccountUser),
                (w, t) => [w.Kubernetes(t, "ResponseComplete", "mallory@example.org", "get", "", "configmaps", null, "settings", HomeOf(impersonated), 200, impersonated: impersonated.ServiceAccountUser)]));
            var podBound = Pick(kubernetes);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.OutsideSubject.Id, podBound.ServiceAccountUser),
                (w, t) => [w.Kubernetes(t, "ResponseComplete", podBound.ServiceAccountUser, "list", "", "pods", null, null, HomeOf(podBound), 200, pod: "debug-shell")]));
            var lookalike = $"system:serviceaccount:{HomeOf(denied)}:{denied.VaultRole}-2";
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Unknown.Id, lookalike),
                (w, t) => [w.Kubernetes(t, "ResponseComplete", lookalike, "patch", "apps", "deployments", null, "web", HomeOf(denied), 200)]));
            var stray = $"system:serviceaccount:{ns}:deployer";
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Unknown.Id, stray),
                (w, t) => [w.Kubernetes(t, "ResponseComplete", stray, "get", "apps", "deployments", null, "web", ns, 200)]));
        }

        if (vault.Count > 0)
        {
            var denied = Pick(vault);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Denied.Id, "vault role " + denied.VaultRole),
                (w, t) =>
                [
                    w.Vault(t, "request", denied, "kv-admin/data/root-credentials", "read", "permission denied", id: "denied-" + denied.VaultRole),
                    w.Vault(t, "response", denied, "kv-admin/data/root-credentials", "read", "1 error occurred:\n\t* permission denied\n\n", id: "denied-" + denied.VaultRole),
                ]));
            var beyond = Pick(vault);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.BeyondPlan.Id, "vault role " + beyond.VaultRole),
                (w, t) => [w.Vault(t, "response", beyond, "kv-shared/data/everything", "read", null)]));
            var byHand = Pick(vault);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.OutsideSubject.Id, "vault token token"),
                (w, t) => [w.Vault(t, "response", byHand, index.GrantsOf(byHand.Id).First(g => g.Row.System == AccessMatrix.Vault).Row.Resource, "read", null, display: "token")]));
            var otherSubject = Pick(vault);
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.OutsideSubject.Id, "vault role " + otherSubject.VaultRole),
                (w, t) => [w.Vault(t, "response", otherSubject, index.JwtLoginPath, "update", null, display: index.JwtDisplayPrefix + "repo:attacker/fork:ref:refs/heads/main")]));
            var unknownRole = "ci-shadow-deploy";
            injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Unknown.Id, $"vault role {unknownRole} ({index.JwtDisplayPrefix}repo:example-org/shadow:environment:ci)"),
                (w, t) => [w.Vault(t, "response", denied, index.JwtLoginPath, "update", null, display: index.JwtDisplayPrefix + "repo:example-org/shadow:environment:ci", role: unknownRole)]));
        }

        foreach (var gone in inactive.Take(3))
        {
            var since = gone.RevokedSince!.Value;
            if (gone.Stage.TouchesKubernetes)
            {
                injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Inactive.Id, gone.ServiceAccountUser),
                    (w, t) => [w.Kubernetes(t < since ? since : t, "ResponseComplete", gone.ServiceAccountUser, "get", "apps", "deployments", null, "web", HomeOf(gone), 403)]));
            }

            if (gone.Stage.TouchesVault)
            {
                injections.Add(new Injection(new InjectedAnomaly(AnomalyKind.Inactive.Id, "vault role " + gone.VaultRole),
                    (w, t) => [w.Vault(t < since ? since : t, "response", gone, index.JwtLoginPath, "update", null)]));
            }
        }

        return injections;
    }

    private static string HomeOf(PlannedIdentity identity) => identity.ServiceAccountUser.Split(':')[2];

    /// <summary>A matrix row's Kubernetes resource as a request names it: group, resource, subresource, object name.</summary>
    private static (string Group, string Resource, string? Subresource, string? Name) Split(string row, string verb, Random random)
    {
        var colon = row.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? null : row[(colon + 1)..];
        var parts = (colon < 0 ? row : row[..colon]).Split('/');
        var group = parts[0] == "core" ? "" : parts[0];
        // Requests on every object of a kind still name one when the verb acts on one.
        name ??= verb is "get" or "create" or "patch" or "update" or "delete" ? $"obj-{random.Next(1000).ToString(CultureInfo.InvariantCulture)}" : null;
        return (group, parts[1], parts.Length > 2 ? parts[2] : null, name);
    }

    private sealed record Injection(InjectedAnomaly Expected, Func<LineWriter, DateTimeOffset, IEnumerable<string>> Write);

    /// <summary>Writes lines in the real formats, with System.Text.Json's writer (so any name is escaped as the real writers escape it).</summary>
    private sealed class LineWriter(UsageIndex index, bool aks, Random random)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(2048);
        private readonly string _cluster = index.Definition.Environment.Cluster.ResourceId;

        public string Kubernetes(DateTimeOffset time, string stage, string user, string verb, string group, string resource, string? subresource, string? name, string? ns, int code,
            string? impersonated = null, string? pod = null)
        {
            var json = Write(w =>
            {
                w.WriteString("kind", "Event");
                w.WriteString("apiVersion", "audit.k8s.io/v1");
                w.WriteString("level", "Metadata");
                w.WriteString("auditID", Id());
                w.WriteString("stage", stage);
                w.WriteString("requestURI", Uri(group, resource, subresource, name, ns));
                w.WriteString("verb", verb);
                w.WriteStartObject("user");
                w.WriteString("username", user);
                w.WriteString("uid", Id());
                w.WriteStartArray("groups");
                w.WriteStringValue(user.StartsWith("system:serviceaccount:", StringComparison.Ordinal) ? "system:serviceaccounts" : "example-org:platform");
                w.WriteStringValue("system:authenticated");
                w.WriteEndArray();
                w.WriteStartObject("extra");
                w.WriteStartArray("authentication.kubernetes.io/credential-id");
                w.WriteStringValue("JTI=" + Id());
                w.WriteEndArray();
                if (pod is not null)
                {
                    w.WriteStartArray("authentication.kubernetes.io/pod-name");
                    w.WriteStringValue(pod);
                    w.WriteEndArray();
                }

                w.WriteEndObject();
                w.WriteEndObject();
                if (impersonated is not null)
                {
                    w.WriteStartObject("impersonatedUser");
                    w.WriteString("username", impersonated);
                    w.WriteEndObject();
                }

                w.WriteStartArray("sourceIPs");
                w.WriteStringValue($"10.40.{random.Next(1, 4).ToString(CultureInfo.InvariantCulture)}.{random.Next(2, 250).ToString(CultureInfo.InvariantCulture)}");
                w.WriteEndArray();
                w.WriteString("userAgent", "kubectl/v1.31.2 (linux/amd64) kubernetes/5864a46");
                w.WriteStartObject("objectRef");
                w.WriteString("resource", resource);
                if (ns is not null)
                {
                    w.WriteString("namespace", ns);
                }

                if (name is not null)
                {
                    w.WriteString("name", name);
                }

                w.WriteString("apiGroup", group);
                w.WriteString("apiVersion", "v1");
                if (subresource is not null)
                {
                    w.WriteString("subresource", subresource);
                }

                w.WriteEndObject();
                if (stage != "RequestReceived")
                {
                    w.WriteStartObject("responseStatus");
                    w.WriteStartObject("metadata");
                    w.WriteEndObject();
                    if (code == 403)
                    {
                        w.WriteString("status", "Failure");
                        w.WriteString("message", $"{resource} is forbidden: User \"{user}\" cannot {verb} resource \"{resource}\" in API group \"{group}\" in the namespace \"{ns}\"");
                        w.WriteString("reason", "Forbidden");
                    }

                    w.WriteNumber("code", code);
                    w.WriteEndObject();
                }

                w.WriteString("requestReceivedTimestamp", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                w.WriteString("stageTimestamp", time.AddMilliseconds(12).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
                w.WriteStartObject("annotations");
                w.WriteString("authorization.k8s.io/decision", code == 403 ? "forbid" : "allow");
                w.WriteEndObject();
            });
            return aks ? Aks(time, json) : json;
        }

        public string Vault(DateTimeOffset time, string type, PlannedIdentity identity, string path, string operation, string? error, bool auth = true, string? display = null, string? role = null, string? id = null) =>
            Write(w =>
            {
                w.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture));
                w.WriteString("type", type);
                if (auth)
                {
                    w.WriteStartObject("auth");
                    w.WriteString("client_token", Hmac());
                    w.WriteString("accessor", Hmac());
                    w.WriteString("display_name", display ?? index.JwtDisplayPrefix + identity.Stage.CiSubject);
                    w.WriteStartArray("policies");
                    w.WriteStringValue(identity.VaultPolicy);
                    w.WriteEndArray();
                    w.WriteStartArray("token_policies");
                    w.WriteStringValue(identity.VaultPolicy);
                    w.WriteEndArray();
                    w.WriteStartObject("metadata");
                    if (display != "token")
                    {
                        w.WriteString("role", role ?? identity.VaultRole);
                    }

                    w.WriteEndObject();
                    w.WriteString("entity_id", Id());
                    w.WriteString("token_type", "service");
                    w.WriteNumber("token_ttl", (int)identity.Stage.TokenTtl.TotalSeconds);
                    w.WriteEndObject();
                }

                Request(w, id, path, operation);
                if (type == "response" && error is null)
                {
                    w.WriteStartObject("response");
                    w.WriteString("mount_type", "kv");
                    w.WriteStartObject("data");
                    w.WriteString("value", Hmac());
                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteString("error", error ?? "");
            });

        /// <summary>A request by a token that carries no CI policy: a person or another system.</summary>
        public string VaultOther(DateTimeOffset time, string path, string operation) =>
            Write(w =>
            {
                w.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture));
                w.WriteString("type", "response");
                w.WriteStartObject("auth");
                w.WriteString("client_token", Hmac());
                w.WriteString("display_name", "oidc-alice@example.org");
                w.WriteStartArray("policies");
                w.WriteStringValue("platform-operator");
                w.WriteEndArray();
                w.WriteEndObject();
                Request(w, null, path, operation);
                w.WriteString("error", "");
            });

        private void Request(Utf8JsonWriter w, string? id, string path, string operation)
        {
            w.WriteStartObject("request");
            w.WriteString("id", id ?? Id());
            w.WriteString("operation", operation);
            w.WriteString("client_token", Hmac());
            w.WriteString("client_token_accessor", Hmac());
            w.WriteStartObject("namespace");
            w.WriteString("id", "root");
            w.WriteEndObject();
            w.WriteString("path", path);
            w.WriteString("remote_address", "10.40.2." + random.Next(2, 250).ToString(CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        private string Aks(DateTimeOffset time, string log) => Write(w =>
        {
            w.WriteString("time", time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            w.WriteString("resourceId", _cluster.ToUpperInvariant());
            w.WriteString("category", "kube-audit");
            w.WriteString("operationName", "Microsoft.ContainerService/managedClusters/diagnosticLogs/Read");
            w.WriteStartObject("properties");
            w.WriteString("log", log);
            w.WriteString("stream", "stdout");
            w.WriteString("pod", "kube-apiserver-6b7d9c8f5-x2x4q");
            w.WriteEndObject();
        });

        private string Write(Action<Utf8JsonWriter> body)
        {
            _buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(_buffer.WrittenSpan);
        }

        private static string Uri(string group, string resource, string? subresource, string? name, string? ns)
        {
            var prefix = group.Length == 0 ? "/api/v1" : $"/apis/{group}/v1";
            var path = ns is null ? $"{prefix}/{resource}" : $"{prefix}/namespaces/{ns}/{resource}";
            return path + (name is null ? "" : "/" + name) + (subresource is null ? "" : "/" + subresource);
        }

        private string Id() => new Guid(Bytes(16), bigEndian: true).ToString("D");

        private string Hmac() => "hmac-sha256:" + Convert.ToHexStringLower(Bytes(32));

        private byte[] Bytes(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }
    }
}
