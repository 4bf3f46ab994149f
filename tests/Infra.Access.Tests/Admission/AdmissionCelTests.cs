using System.Text.Json.Nodes;
using Infra.Access.Admission;
using Infra.Access.Tests.Oracles;
using static Infra.Access.Tests.Admission.AdmissionObjects;

namespace Infra.Access.Tests.Admission;

/// <summary>
/// Issue 13: the rendered admission policies of stacks/prod.yaml and stacks/staging.yaml, judged by
/// a real CEL engine against requests built as the API server sends them. Every allowed request must
/// evaluate cleanly (an evaluation error would deny every CI request under failurePolicy Fail), every
/// attack must be denied, and the tests must fail when an expression is weakened.
/// </summary>
public sealed class AdmissionCelTests
{
    // Identities of stacks/prod.yaml (stages' ServiceAccounts live in the pipeline's first namespace).
    private const string PaymentsDeploy = "system:serviceaccount:payments-prod:ci-payments-api-deploy";
    private const string OrdersDeploy = "system:serviceaccount:orders-prod:ci-orders-worker-deploy";
    private const string OrdersConfigure = "system:serviceaccount:orders-prod:ci-orders-worker-configure";
    private const string LedgerMigrate = "system:serviceaccount:ledger-prod:ci-ledger-migrations-migrate";
    private const string LedgerVerify = "system:serviceaccount:ledger-prod:ci-ledger-migrations-verify";
    private const string StagingPaymentsDeploy = "system:serviceaccount:payments-staging:ci-payments-api-deploy";

    private static readonly string NewImage = $"{ProdRegistry}/payments/api@{Digest}";

    private static readonly Lazy<Dictionary<string, AdmissionCluster>> Clusters = new(() => new(StringComparer.Ordinal)
    {
        // Bounds for the scale capability of orders-worker/deploy, declared for these tests.
        // A pulled repository for payments-api and a deploy for ledger-migrations (which declares no repository), for the image cases.
        ["prod"] = AdmissionCluster.Of("prod", t => WithLedgerDeploy(WithPulledBase(WithScaleBounds(t)))),
        ["staging"] = AdmissionCluster.Of("staging"),
    });

    /// <summary>Every case: allowed first, then each attack.</summary>
    internal static IReadOnlyList<AdmissionCase> Catalog { get; } =
    [
        // Allowed: what each capability is for.
        new("deploy: an image bump, pinned by digest", "prod", PaymentsDeploy, Admitted.Allowed,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = NewImage)),
        new("deploy: kubectl apply of a new image (last-applied and change-cause annotations change)", "prod", PaymentsDeploy, Admitted.Allowed,
            u => UpdateDeployment(u, Deployment, d =>
            {
                Container(d)["image"] = NewImage;
                d["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"] = "{\"kind\":\"Deployment\"}";
                d["metadata"]!["annotations"]!["kubernetes.io/change-cause"] = "release 2026.12.1";
            })),
        new("restart: kubectl rollout restart (restartedAt annotation)", "prod", OrdersConfigure, Admitted.Allowed,
            u => UpdateDeployment(u, DeploymentNamed("orders-worker", "orders-prod"), d => d["spec"]!["template"]!["metadata"]!["annotations"]!["kubectl.kubernetes.io/restartedAt"] = "2026-12-01T17:30:00Z")),
        new("scale: 3 to 5 replicas, within the declared 1..10", "prod", OrdersDeploy, Admitted.Allowed,
            u => ScaleTo(u, "orders-prod", "orders-worker", 5)),
        new("configure: a ConfigMap data change", "prod", PaymentsDeploy, Admitted.Allowed,
            u => UpdateConfigMap(u, ConfigMap, c => c["data"]!["logLevel"] = "debug")),
        new("run-job: a Job from the named CronJob (kubectl create job --from)", "prod", LedgerMigrate, Admitted.Allowed,
            u => CreateJob(u, _ => { })),
        new("deploy: an image by tag and digest", "prod", PaymentsDeploy, Admitted.Allowed,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api:2026.12.1@{Digest}")),
        new("deploy: an image of a repository another stage of the pipeline pulls", "prod", PaymentsDeploy, Admitted.Allowed,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api-base@{Digest}")),
        new("run-job: a Job whose labels are its pod template's (the API server copies them when it has none)", "prod", LedgerMigrate, Admitted.Allowed,
            u => CreateJob(u, j => j["metadata"]!["labels"] = j["spec"]!["template"]!["metadata"]!["labels"]!.DeepClone())),
        new("run-job: a Job with the API server's defaults only (backoffLimit, completions, podReplacementPolicy)", "prod", LedgerMigrate, Admitted.Allowed,
            u => CreateJob(u, j => j["spec"]!["podReplacementPolicy"] = "Failed")),
        new("deploy: an image bump by tag, outside production", "staging", StagingPaymentsDeploy, Admitted.Allowed,
            u => UpdateDeployment(u, DeploymentNamed("payments-api", "payments-staging"), d => Container(d)["image"] = "acrexamplestaging.azurecr.io/payments/api:2026.12.1")),

        // Denied: deploy, what else a Deployment patch could do.
        new("deploy: ServiceAccount swap", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["serviceAccountName"] = "ci-payments-api-build")),
        new("deploy: a Secret volume", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["volumes"]!.AsArray().Add(JsonNode.Parse("""{"name":"s","secret":{"secretName":"payments-db","defaultMode":420}}""")))),
        new("deploy: envFrom a Secret", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["envFrom"] = JsonNode.Parse("""[{"secretRef":{"name":"payments-db"}}]"""))),
        new("deploy: env from a Secret key", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["env"]!.AsArray().Add(JsonNode.Parse("""{"name":"P","valueFrom":{"secretKeyRef":{"name":"payments-db","key":"password"}}}""")))),
        new("deploy: a privileged container", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["securityContext"]!["privileged"] = true)),
        new("deploy: run as root", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["securityContext"]!["runAsNonRoot"] = false)),
        new("deploy: a hostPath volume", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["volumes"]!.AsArray().Add(JsonNode.Parse("""{"name":"h","hostPath":{"path":"/","type":""}}""")))),
        new("deploy: hostPID", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["hostPID"] = true)),
        new("deploy: hostNetwork", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["hostNetwork"] = true)),
        new("deploy: a projected ServiceAccount token volume", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["volumes"]!.AsArray().Add(JsonNode.Parse("""{"name":"t","projected":{"sources":[{"serviceAccountToken":{"path":"token","expirationSeconds":3600}}]}}""")))),
        new("deploy: token automount switched on", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["automountServiceAccountToken"] = true)),
        new("deploy: another command", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["command"] = new JsonArray("/bin/sh", "-c", "env"))),
        new("deploy: an init container", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["initContainers"] = new JsonArray(JsonNode.Parse($$"""{"name":"x","image":"{{NewImage}}"}""")))),
        new("deploy: a second container from the registry", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["containers"]!.AsArray().Add(JsonNode.Parse($$"""{"name":"sidecar","image":"{{NewImage}}"}""")))),
        new("deploy: a nodeSelector", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => PodSpec(d)["nodeSelector"] = new JsonObject { ["kubernetes.io/hostname"] = "aks-system-0" })),
        new("deploy: a pod template label (a NetworkPolicy selects on it)", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["spec"]!["template"]!["metadata"]!["labels"]!["ingress-allowed"] = "true")),
        new("deploy: replicas", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["spec"]!["replicas"] = 50)),
        new("deploy: an owner reference (the garbage collector would delete it)", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["metadata"]!["ownerReferences"] = JsonNode.Parse("""[{"apiVersion":"v1","kind":"ConfigMap","name":"gone","uid":"00000000-0000-0000-0000-000000000000"}]"""))),
        new("deploy: an annotation outside the closed set", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["metadata"]!["annotations"]!["deployment.kubernetes.io/revision"] = "1")),
        new("deploy: an image from another registry", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"docker.io/library/busybox@{Digest}")),
        new("deploy: an image from a look-alike registry host", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}.evil.example/payments/api@{Digest}")),
        new("deploy: a tag instead of a digest in production", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api:2026.12.1")),
        new("deploy: another Deployment of the namespace", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("payments-api-canary", "payments-prod"), d => Container(d)["image"] = NewImage)),
        new("deploy: one stage's identity on another stage's Deployment", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("orders-worker", "orders-prod"), d => Container(d)["image"] = NewImage)),
        new("restart: the restart identity changes the image", "prod", OrdersConfigure, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("orders-worker", "orders-prod"), d => Container(d)["image"] = NewImage)),
        new("restart: another pod-template annotation", "prod", OrdersConfigure, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("orders-worker", "orders-prod"), d => d["spec"]!["template"]!["metadata"]!["annotations"]!["prometheus.io/scrape"] = "false")),
        new("deploy: DELETE of the Deployment", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "DELETE", "apps", "v1", "deployments", "Deployment", "payments-prod", "payments-api"), null, Deployment)),
        new("deploy: the status subresource", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "UPDATE", "apps", "v1", "deployments", "Deployment", "payments-prod", "payments-api", "status"), Changed(Deployment, d => d["status"]!["replicas"] = 0), Deployment)),
        new("pods/exec (CONNECT)", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "CONNECT", "", "v1", "pods", "PodExecOptions", "payments-prod", "payments-api-7d9f8b6c5d-x2x9q", "exec"),
                JsonNode.Parse("""{"kind":"PodExecOptions","apiVersion":"v1","stdin":true,"tty":true,"container":"api","command":["sh"]}"""), null)),
        new("pods/ephemeralcontainers (a debug container)", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "UPDATE", "", "v1", "pods", "Pod", "payments-prod", "payments-api-7d9f8b6c5d-x2x9q", "ephemeralcontainers"),
                JsonNode.Parse("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"payments-api-7d9f8b6c5d-x2x9q","namespace":"payments-prod"},"spec":{"containers":[],"ephemeralContainers":[{"name":"debug","image":"busybox"}]}}"""),
                JsonNode.Parse("""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"payments-api-7d9f8b6c5d-x2x9q","namespace":"payments-prod"},"spec":{"containers":[]}}"""))),
        new("a Pod created directly", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "CREATE", "", "v1", "pods", "Pod", "payments-prod", "shell"),
                JsonNode.Parse($$$"""{"kind":"Pod","apiVersion":"v1","metadata":{"name":"shell","namespace":"payments-prod"},"spec":{"serviceAccountName":"payments-api","containers":[{"name":"s","image":"{{{NewImage}}}"}]}}"""), null)),
        new("a ServiceAccount token (TokenRequest)", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "CREATE", "", "v1", "serviceaccounts", "TokenRequest", "payments-prod", "payments-api", "token"),
                JsonNode.Parse("""{"kind":"TokenRequest","apiVersion":"authentication.k8s.io/v1","spec":{"audiences":["api"],"expirationSeconds":3600}}"""), null)),

        // Denied: scale.
        new("scale: above the declared maximum", "prod", OrdersDeploy, Admitted.Denied, u => ScaleTo(u, "orders-prod", "orders-worker", 11)),
        new("scale: to zero (replicas absent) below the declared minimum", "prod", OrdersDeploy, Admitted.Denied, u => ScaleTo(u, "orders-prod", "orders-worker", null)),
        new("scale: another Deployment", "prod", OrdersDeploy, Admitted.Denied, u => ScaleTo(u, "payments-prod", "payments-api", 2)),

        // Denied: configure.
        new("configure: a label", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateConfigMap(u, ConfigMap, c => c["metadata"]!["labels"]!["x"] = "y")),
        new("configure: immutable (no later update possible)", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateConfigMap(u, ConfigMap, c => c["immutable"] = true)),
        new("configure: another stage's ConfigMap", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateConfigMap(u, ConfigMapNamed("orders-worker-settings", "orders-prod"), c => c["data"]!["logLevel"] = "debug")),
        new("configure: DELETE of the ConfigMap", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "DELETE", "", "v1", "configmaps", "ConfigMap", "payments-prod", "payments-api-config"), null, ConfigMap)),

        // Denied: run-job.
        new("run-job: a Job without owner reference", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!.AsObject().Remove("ownerReferences"))),
        new("run-job: a Job owned by another CronJob", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!["ownerReferences"]![0]!["name"] = "ledger-db-drop")),
        new("run-job: owner reference to the CronJob, another command", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => JobContainer(j)["command"] = new JsonArray("/bin/sh", "-c", "cat /var/run/secrets/*"))),
        new("run-job: owner reference to the CronJob, another ServiceAccount", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["template"]!["spec"]!["serviceAccountName"] = "ledger-admin")),
        new("run-job: owner reference to the CronJob, a Secret volume", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["template"]!["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"s","secret":{"secretName":"ledger-db"}}]"""))),
        new("run-job: owner reference to the CronJob, an extra pod label", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["template"]!["metadata"]!["labels"]!["ingress-allowed"] = "true")),
        new("run-job: owner reference with another uid", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!["ownerReferences"]![0]!["uid"] = "00000000-0000-0000-0000-000000000000")),
        new("run-job: 50 pods in parallel", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["parallelism"] = 50)),
        new("run-job: a Job in another namespace", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!["namespace"] = "payments-prod")),

        // Denied: run-job, Job settings the CronJob leaves unset (red-team review, session 3).
        new("run-job: ttlSecondsAfterFinished 0 (the Job and its pods' logs erased when done)", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["ttlSecondsAfterFinished"] = 0)),
        new("run-job: manualSelector adopting the namespace's other pods, controller labels forged", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j =>
            {
                j["spec"]!["manualSelector"] = true;
                j["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{"app.kubernetes.io/name":"ledger-migrator"}}""");
                foreach (var label in new[] { "batch.kubernetes.io/controller-uid", "controller-uid", "batch.kubernetes.io/job-name", "job-name" })
                {
                    j["spec"]!["template"]!["metadata"]!["labels"]!.AsObject().Remove(label);
                }
            })),
        new("run-job: a selector of its own (manualSelector left false)", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["selector"]!["matchLabels"]!["app.kubernetes.io/name"] = "ledger-migrator")),
        new("run-job: a pod template job-name label naming another Job", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j =>
            {
                j["spec"]!["template"]!["metadata"]!["labels"]!["job-name"] = "ledger-db-migrate-29000000";
                j["metadata"]!["labels"]!["job-name"] = "ledger-db-migrate-29000000";
            })),
        new("run-job: completionMode Indexed", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["completionMode"] = "Indexed")),
        new("run-job: a podFailurePolicy of its own", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["podFailurePolicy"] = JsonNode.Parse("""{"rules":[{"action":"Ignore","onExitCodes":{"operator":"NotIn","values":[0]}}]}"""))),
        new("run-job: managedBy another controller", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["managedBy"] = "example.com/job-runner")),
        new("run-job: suspend", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!["suspend"] = true)),
        new("run-job: activeDeadlineSeconds the CronJob declares, dropped", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["spec"]!.AsObject().Remove("activeDeadlineSeconds"))),
        new("run-job: a Job label of its own (a queue or policy exemption selects on it)", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!["labels"]!["kueue.x-k8s.io/queue-name"] = "platform-priority")),
        new("run-job: a Job annotation of its own", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!["annotations"]!["cluster-autoscaler.kubernetes.io/safe-to-evict"] = "false")),
        new("run-job: a finalizer (the Job cannot be deleted)", "prod", LedgerMigrate, Admitted.Denied,
            u => CreateJob(u, j => j["metadata"]!["finalizers"] = new JsonArray("example.com/keep"))),

        // Denied: other ways a write could reach further (red-team review, session 3; denied already, kept as guards).
        new("deploy: a dry run of a ServiceAccount swap (admission judges dry runs too)", "prod", PaymentsDeploy, Admitted.Denied,
            u => DryRun(UpdateDeployment(u, Deployment, d => PodSpec(d)["serviceAccountName"] = "ci-payments-api-build"))),
        new("deploy: server-side apply creating a Deployment (CREATE)", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "CREATE", "apps", "v1", "deployments", "Deployment", "payments-prod", "payments-api"), Deployment, null)),
        new("deploy: a Deployment created with generateName (no request name)", "prod", PaymentsDeploy, Admitted.Denied,
            u => new(Request(u, "CREATE", "apps", "v1", "deployments", "Deployment", "payments-prod", null), Deployment, null)),
        new("deploy: spec.selector widened", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["spec"]!["selector"] = JsonNode.Parse("""{"matchLabels":{}}"""))),
        new("deploy: spec.strategy changed", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["spec"]!["strategy"] = JsonNode.Parse("""{"type":"Recreate"}"""))),
        new("deploy: a finalizer on the Deployment", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["metadata"]!["finalizers"] = new JsonArray("example.com/keep"))),
        new("deploy: a Deployment label (a Service or policy selects on it)", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => d["metadata"]!["labels"] = new JsonObject { ["app.kubernetes.io/name"] = "orders-worker" })),
        new("restart: a pod template label", "prod", OrdersConfigure, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("orders-worker", "orders-prod"), d => d["spec"]!["template"]!["metadata"]!["labels"]!["ingress-allowed"] = "true")),
        new("scale: the scale subresource of a ReplicaSet of the same name", "prod", OrdersDeploy, Admitted.Denied,
            u => Retarget(ScaleTo(u, "orders-prod", "orders-worker", 5), "replicasets")),
        new("configure: a finalizer on the ConfigMap", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateConfigMap(u, ConfigMap, c => c["metadata"]!["finalizers"] = new JsonArray("example.com/keep"))),

        // Denied: deploy, images of the shared registry the pipeline does not declare (red-team review, session 3).
        new("deploy: another team's repository of the same registry", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/orders/worker@{Digest}")),
        new("deploy: a repository below the declared one", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api/debug@{Digest}")),
        new("deploy: a repository whose name extends the declared one", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api-debug@{Digest}")),
        new("deploy: a dot-dot path after the registry", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api/../../orders/worker@{Digest}")),
        new("deploy: the registry with a port", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}:443/payments/api@{Digest}")),
        new("deploy: the registry in upper case", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"ACREXAMPLEPROD.azurecr.io/payments/api@{Digest}")),
        new("deploy: a digest in the tag position", "prod", PaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, Deployment, d => Container(d)["image"] = $"{ProdRegistry}/payments/api:sha256-0123@{Digest}x")),
        new("deploy: another team's repository of the same registry, outside production", "staging", StagingPaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("payments-api", "payments-staging"), d => Container(d)["image"] = "acrexamplestaging.azurecr.io/orders/worker:2026.12.1")),
        new("deploy: a pipeline that declares no repository changes no image", "prod", LedgerMigrate, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("ledger-api", "ledger-prod"), d => Container(d)["image"] = $"{ProdRegistry}/ledger/api@{Digest}")),
        new("deploy: a pipeline that declares no repository keeps the image it runs", "prod", LedgerMigrate, Admitted.Allowed,
            u => UpdateDeployment(u, DeploymentNamed("ledger-api", "ledger-prod"), d => d["metadata"]!["annotations"]!["kubernetes.io/change-cause"] = "re-applied")),

        // Denied: identities without a Kubernetes write, and other environments.
        new("a read-only identity patches a Deployment", "prod", LedgerVerify, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("ledger-api", "ledger-prod"), d => Container(d)["image"] = NewImage)),
        new("deploy: an image from another registry, outside production", "staging", StagingPaymentsDeploy, Admitted.Denied,
            u => UpdateDeployment(u, DeploymentNamed("payments-api", "payments-staging"), d => Container(d)["image"] = "ghcr.io/attacker/api:latest")),
    ];

    private static readonly Lazy<Dictionary<string, (Admitted Verdict, string Detail)>> Verdicts = new(() => Judge(Catalog, c => Clusters.Value[c.Environment]));

    public static TheoryData<string> Names() => [.. Catalog.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Policies_WhenTheRequestIsJudgedByARealCelEngine_ShouldDecideAsTheIssueSays(string name)
    {
        var expected = Catalog.Single(c => c.Name == name).Expected;
        var (verdict, detail) = Verdicts.Value[name];

        // An allowed request must evaluate cleanly; a denied one must be denied by a false validation,
        // not by an evaluation error (which would mean the expression is broken for that shape).
        Assert.True(expected == verdict, $"{name}: expected {expected}, got {verdict} ({detail})");
    }

    [Fact]
    public void Catalog_ShouldCoverEachCapabilityBothWays()
    {
        foreach (var capability in new[] { "deploy", "restart", "scale", "configure", "run-job" })
        {
            Assert.Contains(Catalog, c => c.Name.StartsWith(capability + ":", StringComparison.Ordinal) && c.Expected == Admitted.Allowed);
            Assert.Contains(Catalog, c => c.Name.StartsWith(capability + ":", StringComparison.Ordinal) && c.Expected == Admitted.Denied);
        }
    }

    /// <summary>Each weakening of a rendered expression flips the verdict of the case that guards it: the tests can fail.</summary>
    [Theory]
    [InlineData("deploy: ServiceAccount swap", "access-prod-ci-payments-api-deploy", "k in ['containers']", "k in ['containers', 'serviceAccountName']")]
    [InlineData("deploy: a tag instead of a digest in production", "access-prod-ci-payments-api-deploy", "@sha256:[0-9a-f]{64}$", "(@sha256:[0-9a-f]{64})?$")]
    [InlineData("deploy: one stage's identity on another stage's Deployment", "access-prod-ci-payments-api-deploy", "request.namespace == 'payments-prod' && has(request.name) && request.name in ['payments-api']", "true")]
    [InlineData("scale: above the declared maximum", "access-prod-ci-orders-worker-deploy", " <= 10", " <= 11")]
    [InlineData("configure: immutable (no later update possible)", "access-prod-ci-payments-api-deploy", "k in ['binaryData', 'data', 'metadata']", "k in ['binaryData', 'data', 'immutable', 'metadata']")]
    [InlineData("run-job: owner reference to the CronJob, another command", "access-prod-ci-ledger-migrations-migrate-cronjob-template", "object.spec.template.spec == params.spec.jobTemplate.spec.template.spec", "true")]
    [InlineData("run-job: a Job owned by another CronJob", "access-prod-ci-ledger-migrations-migrate", "r.name in ['ledger-db-migrate']", "true")]
    [InlineData("deploy: another team's repository of the same registry", "access-prod-ci-payments-api-deploy", "io/(payments/api|payments/api-base)(", "io/[a-z0-9/]+(")]
    [InlineData("run-job: ttlSecondsAfterFinished 0 (the Job and its pods' logs erased when done)", "access-prod-ci-ledger-migrations-migrate-cronjob-template", "object.spec.all(k, k == 'template' ||", "object.spec.all(k, true ||")]
    [InlineData("run-job: a Job label of its own (a queue or policy exemption selects on it)", "access-prod-ci-ledger-migrations-migrate-cronjob-template", "(has(object.metadata.labels) ? object.metadata.labels : {}).all(l,", "{}.all(l,")]
    [InlineData("run-job: a pod template job-name label naming another Job", "access-prod-ci-ledger-migrations-migrate-cronjob-template", "[l] == object.metadata.name", "[l] == object.metadata.name || true")]
    public void Policies_WhenAnExpressionIsWeakened_ShouldLetTheAttackThrough(string name, string policy, string find, string weaker)
    {
        var testCase = Catalog.Single(c => c.Name == name);
        var cluster = Clusters.Value[testCase.Environment];
        Assert.Contains(cluster.Policies, p => p.Metadata.Name == policy && Expressions(p).Any(e => e.Contains(find, StringComparison.Ordinal)));
        var weakened = cluster.WithPolicy(policy, e => e.Replace(find, weaker, StringComparison.Ordinal));

        var verdicts = Judge([testCase], _ => weakened);

        Assert.Equal(Admitted.Denied, Verdicts.Value[name].Verdict);
        Assert.Equal(Admitted.Allowed, verdicts[name].Verdict);
    }

    /// <summary>An unguarded read of an absent field is an evaluation error: the engine reports it, so a policy with one would fail here.</summary>
    [Fact]
    public void Engine_WhenAnExpressionReadsAnAbsentField_ShouldReportAnError()
    {
        var testCase = Catalog.Single(c => c.Name == "deploy: an image bump, pinned by digest");
        var cluster = Clusters.Value["prod"].WithPolicy("access-prod-ci-payments-api-deploy",
            e => e.Replace("(!has(request.subResource) || request.subResource == '')", "request.subResource == ''", StringComparison.Ordinal));

        Assert.Equal(Admitted.Error, Judge([testCase], _ => cluster)[testCase.Name].Verdict);
    }

    [Fact]
    public void Policies_ShouldJudgeEveryCiIdentityOfThePlan()
    {
        var plan = Infra.Access.Planning.Planner.Build(Infra.Access.Loading.DefinitionLoader.Load(Fixtures.Definitions.Read("stacks", "prod.yaml"), "stacks/prod.yaml").Definition!);
        var judged = plan.Admission.Policies.Select(p => p.Username).ToHashSet(StringComparer.Ordinal);

        Assert.All(plan.Kubernetes.ServiceAccounts, s => Assert.Contains(AdmissionPlanner.Username(s.Namespace, s.Name), judged));
    }

    private static IEnumerable<string> Expressions(k8s.Models.V1ValidatingAdmissionPolicy policy) =>
        (policy.Spec.Variables ?? []).Select(v => v.Expression).Concat((policy.Spec.Validations ?? []).Select(v => v.Expression));

    private static AdmissionInput DryRun(AdmissionInput input)
    {
        input.Request["dryRun"] = true;
        return input;
    }

    private static AdmissionInput Retarget(AdmissionInput input, string resource)
    {
        input.Request["resource"]!["resource"] = resource;
        input.Request["requestResource"]!["resource"] = resource;
        return input;
    }

    private static JsonObject JobContainer(JsonObject job) => job["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static JsonObject ConfigMapNamed(string name, string ns)
    {
        var configMap = ConfigMap;
        configMap["metadata"]!["name"] = name;
        configMap["metadata"]!["namespace"] = ns;
        return configMap;
    }

    private static string WithPulledBase(string text) => Fixtures.Definitions.Patch(text,
        "        tokenTtl: 5m\n        capabilities:\n          - read-status:\n\n  - name: orders-worker",
        "        tokenTtl: 5m\n        capabilities:\n          - read-status:\n          - pull-image:\n              repositories: [payments/api-base]\n\n  - name: orders-worker");

    private static string WithLedgerDeploy(string text) => Fixtures.Definitions.Patch(text,
        "          - run-job:\n              cronJobs: [ledger-db-migrate]\n",
        "          - run-job:\n              cronJobs: [ledger-db-migrate]\n          - deploy:\n              deployments: [ledger-api]\n");

    private static string WithScaleBounds(string text) => Fixtures.Definitions.Patch(text,
        "          - scale:\n              deployments: [orders-worker]\n",
        "          - scale:\n              deployments: [orders-worker]\n              minReplicas: 1\n              maxReplicas: 10\n");

    /// <summary>Every case's decision over every policy and binding that applies, in one run of the engine.</summary>
    internal static Dictionary<string, (Admitted Verdict, string Detail)> Judge(IReadOnlyList<AdmissionCase> cases, Func<AdmissionCase, AdmissionCluster> clusterOf)
    {
        var batch = new List<(k8s.Models.V1ValidatingAdmissionPolicy, AdmissionInput)>();
        var plans = new List<(AdmissionCase Case, List<int> Slots, bool MissingParam)>();
        foreach (var testCase in cases)
        {
            var slots = new List<int>();
            var missing = false;
            foreach (var evaluation in clusterOf(testCase).Evaluations(testCase.Request(testCase.Identity)))
            {
                if (evaluation is not { } pair)
                {
                    missing = true;
                    continue;
                }

                slots.Add(batch.Count);
                batch.Add(pair);
            }

            plans.Add((testCase, slots, missing));
        }

        var results = batch.Count == 0 ? [] : CelAdmissionOracle.Judge(batch);
        var verdicts = new Dictionary<string, (Admitted, string)>(StringComparer.Ordinal);
        foreach (var (testCase, slots, missing) in plans)
        {
            var applied = slots.Select(i => results[i]).Where(r => r.Verdict != "not-matched").ToList();
            verdicts[testCase.Name] = applied.Count == 0 && !missing ? (Admitted.Unjudged, "no policy applied")
                : applied.FirstOrDefault(r => r.Verdict == "error") is { } error ? (Admitted.Error, error.Detail)
                : missing ? (Admitted.Denied, "parameter not found")
                : applied.FirstOrDefault(r => r.Verdict == "denied") is { } denied ? (Admitted.Denied, denied.Detail)
                : (Admitted.Allowed, string.Join("; ", applied.Select(r => r.Detail).Where(d => d.Length > 0)));
        }

        return verdicts;
    }
}
