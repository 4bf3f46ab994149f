using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Infra.Access.Synthetic;

/// <summary>
/// Writes the text of a synthetic but realistic definition: N pipelines shaped like the ones in
/// <c>stacks/staging.yaml</c> (web services, workers, migration jobs, a few secret rotations, some
/// paused or decommissioned). The same options always give the same text, so benchmarks and
/// tests at scale are reproducible; every file it writes loads without errors.
/// </summary>
public static partial class CatalogGenerator
{
    // No team is called identity, sys, auth or cubbyhole: team names are segments of secret paths,
    // where Vault's reserved segments are refused (VLT003).
    private static readonly string[] Teams =
        ["payments", "fulfilment", "discovery", "accounts", "billing", "catalog", "checkout", "growth", "logistics", "support", "risk", "media"];

    private static readonly string[] Words =
        ["orders", "ledger", "search", "profile", "invoice", "cart", "pricing", "stock", "notify", "report", "session", "review",
         "shipping", "refund", "coupon", "audit", "export", "import", "tracking", "loyalty"];

    private static readonly string[] People =
        ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy", "trent", "victor", "wendy"];

    /// <summary>The definition text for <paramref name="options"/>, with '\n' line endings.</summary>
    public static string Generate(CatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.Pipelines);
        ArgumentOutOfRangeException.ThrowIfNegative(options.ChangedPipelines);
        var env = options.Production ? "prod" : "staging";
        var text = new StringBuilder(options.Pipelines * 900 + 4096);
        WriteEnvironment(text, options.Production, env);
        text.Append(options.Pipelines == 0 ? "\npipelines: []\n" : "\npipelines:\n");
        var random = new SplitMix(options.Seed);
        var secrets = new List<string>();
        var changeEvery = options.ChangedPipelines == 0 ? 0 : Math.Max(1, options.Pipelines / options.ChangedPipelines);
        for (var i = 0; i < options.Pipelines; i++)
        {
            // A changed pipeline draws the same random numbers as the unchanged one, so the rest of the
            // catalog stays byte-identical and a diff sees only the intended changes.
            var changed = changeEvery > 0 && i % changeEvery == changeEvery - 1 && i / changeEvery < options.ChangedPipelines;
            WritePipeline(text, random, env, i, changed, secrets);
        }

        return text.ToString();
    }

    private static void WriteEnvironment(StringBuilder text, bool production, string env)
    {
        var subscription = production ? "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" : "6f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a";
        var net = production ? "10.50" : "10.40";
        text.Append(CultureInfo.InvariantCulture, $"""
            # Synthetic catalog written by `access generate`: realistic shapes, invented names.
            environment:
              name: {env}
              tier: {(production ? "production" : "non-production")}
              cluster:
                name: aks-{env}-weu
                resourceId: /subscriptions/{subscription}/resourceGroups/rg-platform-{env}/providers/Microsoft.ContainerService/managedClusters/aks-{env}-weu
                apiServerUrl: https://aks-{env}-weu.hcp.westeurope.azmk8s.io
                apiServerCidrs: [{net}.0.0/28]
                runnerNamespace: ci-runners-{env}
              ci:
                issuer: https://token.actions.githubusercontent.com
                audience: https://github.com/example-org
                subjectTemplate: "repo:{"{repository}"}:environment:{"{environment}"}"
                environment: {env}
                approvalEnvironment: {env}-approval
              vault:
                address: https://vault.{env}.example.internal:8200
                cidrs: [{net}.8.0/24]
                jwtAuthPath: jwt-ci-{env}
                kubernetesSecretsPath: kubernetes-aks-{env}
                secretMounts: [kv-{env}]
              azure:
                subscriptionId: {subscription}
                resourceGroup: rg-ci-identities-{env}
                location: westeurope
                registry:
                  id: /subscriptions/{subscription}/resourceGroups/rg-platform-{env}/providers/Microsoft.ContainerRegistry/registries/acrexample{env}
                  loginServer: acrexample{env}.azurecr.io
                  cidrs: [{net}.16.0/28]
              tokenTtlCeiling: {(production ? "15m" : "30m")}
              audit:
                retentionDays: {(production ? 365 : 90)}

            """);
        if (production)
        {
            text.Append("""
                    immutableStorage: true
                    storageAccount: stauditprodweu

                """);
        }

        text.Append(CultureInfo.InvariantCulture, $"""
                logAnalyticsWorkspace: law-audit-{env}
                kubernetesCategories: [kube-audit-admin, guard]
                vaultDevices:
                  - path: file-primary
                    type: file
                    options:
                      file_path: /vault/audit/audit.log

            """);
        if (production)
        {
            text.Append("""
                      - path: socket-siem
                        type: socket
                        options:
                          address: siem-collector.prod.example.internal:9090
                          socket_type: tcp

                """);
        }
    }

    private static void WritePipeline(StringBuilder text, SplitMix random, string env, int index, bool changed, List<string> secrets)
    {
        var kind = random.Next(100) switch
        {
            < 40 => Kind.WebService,
            < 72 => Kind.Worker,
            < 88 => Kind.Migration,
            < 93 => Kind.SecretRotation,
            _ => Kind.Batch,
        };
        var team = Teams[random.Next(Teams.Length)];
        var word = Words[random.Next(Words.Length)];
        var suffix = kind switch
        {
            Kind.WebService => "api",
            Kind.Worker => "worker",
            Kind.Migration => "migrations",
            Kind.SecretRotation => "rotation",
            _ => "batch",
        };
        var name = string.Create(CultureInfo.InvariantCulture, $"{word}-{suffix}-{index:D5}");
        var stateDraw = random.Next(100);
        var state = stateDraw < 5 ? "paused" : stateDraw < 8 ? "decommissioned" : "active";
        if (changed)
        {
            state = state == "active" ? "paused" : "active";
        }

        var ns = $"{name}-{env}";
        // Some web services also deploy a canary namespace; their Kubernetes capabilities then name it.
        var canary = kind == Kind.WebService && random.Next(10) == 0 ? $"{name}-canary" : null;
        var maintainer = People[random.Next(People.Length)];
        var approver = People[random.Next(People.Length)];
        // Pipelines of several stages pin ref and workflows, so every stage is its own identity (SOD005);
        // single-stage rotations outside production sometimes leave the ref open, which the format
        // allows there (production pins it: SOD006). The draw comes first so every seed keeps its catalog.
        var hasRef = random.Next(3) != 0 || kind != Kind.SecretRotation || env == "prod";
        var start = text.Length;
        // Review dates from January to April 2027: within 6 months of the fixed day the tests and the
        // bench check on (LCY006). One draw, as before, so the rest of the catalog keeps its values.
        var month = 1 + (random.Next(12) % 4);
        var egressNet = 32 + random.Next(200);
        text.Append(CultureInfo.InvariantCulture, $"""
              - name: {name}
                team: {team}
                repository: example-org/{name}

            """);
        if (hasRef)
        {
            text.Append("    ref: refs/heads/main\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"""
                namespaces: [{ns}{(canary is null ? "" : ", " + canary)}]
                state: {state}
                reviewBy: 2027-{month:D2}-28
                maintainers: [{maintainer}-{team}]
                approvers: [{approver}-release]

            """);
        var at = canary is null ? "" : $"namespace: {ns}\n{Indent}";
        var atLine = canary is null ? "" : $"\n{Indent}namespace: {ns}";
        var secret = $"kv-{env}/data/{team}/{name}";
        switch (kind)
        {
            case Kind.WebService:
                text.Append(CultureInfo.InvariantCulture, $"""
                        network:
                          ingress:
                            - namespace: ingress-nginx-{env}
                              ports: [8080]
                          egress:
                            - cidr: 10.60.{egressNet}.0/24
                              ports: [5432]
                        stages:
                          - name: build
                            capabilities:
                              - push-image:
                                  repositories: [{team}/{name}]
                          - name: deploy
                            capabilities:
                              - deploy:
                                  {at}deployments: [{name}{(changed ? $", {name}-sidecar" : "")}]
                              - configure:
                                  {at}configMaps: [{name}-config]
                              - read-secret:
                                  paths: [{secret}]

                    """);
                if (canary is not null)
                {
                    text.Append(CultureInfo.InvariantCulture, $"""
                                  - deploy:
                                      namespace: {canary}
                                      deployments: [{name}]

                        """);
                }

                text.Append(CultureInfo.InvariantCulture, $"""
                          - name: verify
                            tokenTtl: 10m
                            capabilities:
                              - read-status:{atLine}
                              - read-logs:{atLine}

                    """);
                secrets.Add(secret);
                break;
            case Kind.Worker:
                text.Append(CultureInfo.InvariantCulture, $"""
                        stages:
                          - name: build
                            capabilities:
                              - push-image:
                                  repositories: [{team}/{name}]
                          - name: deploy
                            capabilities:
                              - deploy:
                                  deployments: [{name}]
                              - scale:
                                  deployments: [{name}]
                          - name: configure
                            capabilities:
                              - configure:
                                  configMaps: [{name}-settings, {name}-feature-flags{(changed ? $", {name}-limits" : "")}]
                              - restart:
                                  deployments: [{name}]

                    """);
                break;
            case Kind.Migration:
                text.Append(CultureInfo.InvariantCulture, $"""
                        network:
                          egress:
                            - cidr: 10.60.{egressNet}.0/24
                              ports: [5432]
                        stages:
                          - name: migrate
                            capabilities:
                              - run-job:
                                  cronJobs: [{Truncate(name, 44)}-migrate]
                              - read-secret:
                                  paths: [{secret}/migrator]
                          - name: verify
                            capabilities:
                              - read-status:
                              - read-logs:

                    """);
                secrets.Add(secret + "/migrator");
                break;
            case Kind.SecretRotation:
                // Rotates the secrets of up to three pipelines written before it (or its own when it is early).
                var rotated = secrets.Count == 0
                    ? [secret]
                    : Enumerable.Range(0, Math.Min(3, secrets.Count)).Select(k => secrets[secrets.Count - 1 - k]).ToList();
                var paths = string.Join(", ", rotated);
                text.Append(CultureInfo.InvariantCulture, $"""
                        stages:
                          - name: rotate
                            tokenTtl: 15m
                            capabilities:
                              - read-secret:
                                  paths: [{paths}]
                              - write-secret:
                                  paths: [{paths}]

                    """);
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $"""
                        stages:
                          - name: run
                            capabilities:
                              - pull-image:
                                  repositories: [{team}/{name}]
                              - run-job:
                                  cronJobs: [{Truncate(name, 46)}-run]
                          - name: verify
                            capabilities:
                              - read-status:
                              - read-logs:

                    """);
                break;
        }

        if (hasRef)
        {
            var stages = text.ToString(start, text.Length - start);
            text.Length = start;
            text.Append(StageLine().Replace(stages, m => $"{m.Value}        workflow: .github/workflows/{m.Groups[1].Value}.yml\n"));
        }
    }

    [GeneratedRegex("(?m)^      - name: ([a-z-]+)\n", RegexOptions.CultureInvariant)]
    private static partial Regex StageLine();

    /// <summary>Indentation of a capability's parameters in the written YAML.</summary>
    private const string Indent = "              ";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max].TrimEnd('-');

    private enum Kind
    {
        WebService,
        Worker,
        Migration,
        SecretRotation,
        Batch,
    }

    /// <summary>
    /// SplitMix64: a tiny generator whose sequence is fixed by its definition, unlike
    /// <see cref="Random"/>, whose algorithm may change between .NET versions.
    /// </summary>
    private sealed class SplitMix(int seed)
    {
        private ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL);

        public int Next(int bound)
        {
            _state = unchecked(_state + 0x9E3779B97F4A7C15UL);
            var z = _state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            z ^= z >> 31;
            return (int)(z % (ulong)bound);
        }
    }
}
