using System.Collections.Immutable;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Admission;

/// <summary>
/// Plans the admission policies from the capabilities: per stage ServiceAccount, one policy that
/// matches every request of that identity (all groups, resources, subresources and operations) and
/// allows only what its write capabilities are for; everything else it sends to the API server is
/// denied. A stage that runs Jobs gets a second policy, bound once per named CronJob, that holds the
/// Job's pod template to the CronJob's. The table of what each capability may change is
/// <see cref="Changes"/> (docs/capabilities.md).
/// </summary>
public static class AdmissionPlanner
{
    /// <summary>The first Kubernetes version with <c>admissionregistration.k8s.io/v1</c> ValidatingAdmissionPolicy (GA).</summary>
    public static readonly Version MinimumKubernetes = new(1, 30);

    /// <summary>Deployment annotations a deploy may change: kubectl's change cause and its last-applied record (neither changes what runs).</summary>
    public static readonly string[] DeployAnnotations = ["kubectl.kubernetes.io/last-applied-configuration", "kubernetes.io/change-cause"];

    /// <summary>The pod-template annotation <c>kubectl rollout restart</c> sets.</summary>
    public const string RestartAnnotation = "kubectl.kubernetes.io/restartedAt";

    /// <summary>Labels the API server adds to a Job's pod template on create (the Job's selector).</summary>
    public static readonly string[] JobControllerLabels = ["batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name", "controller-uid", "job-name"];

    /// <summary>Of <see cref="JobControllerLabels"/>, the ones that hold the Job's name.</summary>
    public static readonly string[] JobNameLabels = ["batch.kubernetes.io/job-name", "job-name"];

    /// <summary>Of <see cref="JobControllerLabels"/>, the ones that hold the Job's uid.</summary>
    public static readonly string[] JobUidLabels = ["batch.kubernetes.io/controller-uid", "controller-uid"];

    /// <summary>The annotation <c>kubectl create job --from=cronjob/NAME</c> adds to the Job.</summary>
    public const string InstantiateAnnotation = "cronjob.kubernetes.io/instantiate";

    public static readonly ImmutableArray<string> DenyAndAudit = ["Deny", "Audit"];

    private static readonly ImmutableArray<AdmissionMatchRule> Everything = [new(["*"], ["*"], ["*"], ["*/*"])];

    private static readonly ImmutableArray<AdmissionMatchRule> JobCreates = [new(["batch"], ["v1"], ["CREATE"], ["jobs"])];

    /// <summary>What each write capability may change, in words (the docs table is generated from it).</summary>
    public static IReadOnlyList<(string Capability, string Request, string MayChange)> Changes { get; } =
    [
        ("deploy", "UPDATE (patch, update) of the named Deployments",
            $"only container images (init and ephemeral containers excluded); a changed image comes from one of the repositories the pipeline declares (`push-image`, `pull-image` of any of its stages; none declared: no image may change) in the environment's registry, pinned by digest (`@sha256:`) in production; Deployment annotations {string.Join(", ", DeployAnnotations.Select(a => $"`{a}`"))}. Everything else (labels, owner references, replicas, the pod template's metadata, ServiceAccount, token automount, volumes, env and envFrom, commands, security contexts, host namespaces, node placement) equals the old object"),
        ("restart", "UPDATE of the named Deployments",
            $"only the pod template annotation `{RestartAnnotation}`"),
        ("scale", "UPDATE of `deployments/scale` of the named Deployments",
            "only replicas, from `minReplicas` (default 0) to `maxReplicas` (default: no bound) as the definition declares"),
        ("configure", "UPDATE of the named ConfigMaps",
            "only `data` and `binaryData`; labels, annotations, owner references and `immutable` equal the old object"),
        ("run-job", "CREATE of Jobs in the namespace",
            "only a Job whose one controller owner reference is one of the named CronJobs (its uid), whose pod template is the CronJob's (ServiceAccount included; the labels the API server adds hold the Job's own name and uid), whose Job settings the CronJob declares are the CronJob's and whose others hold the API server's defaults (no `ttlSecondsAfterFinished`, `manualSelector` or `selector`, `podFailurePolicy`, `suspend`, `managedBy` of its own), whose labels and annotations come from the job template (and kubectl's `cronjob.kubernetes.io/instantiate: manual`), without finalizers; no Secret volume, projected Secret or token, or Secret in env or envFrom; every image from the environment's registry"),
        ("any other", "anything else: other objects, other namespaces, DELETE, CONNECT (exec, attach, port-forward), status, ephemeral containers, other subresources",
            "denied"),
    ];

    /// <summary>The policies of the plan: one per stage ServiceAccount of <paramref name="serviceAccounts"/>.</summary>
    public static AdmissionPlan Build(EnvironmentDefinition definition, ImmutableArray<ServiceAccountDeclaration> serviceAccounts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var env = definition.Environment;
        var stages = new Dictionary<(string, string), (Stage Stage, ImmutableArray<string> Repositories)>();
        foreach (var pipeline in definition.Pipelines)
        {
            var repositories = Repositories(pipeline);
            foreach (var stage in pipeline.Stages)
            {
                stages.TryAdd((pipeline.Name, stage.Name), (stage, repositories));
            }
        }

        var policies = ImmutableArray.CreateBuilder<AdmissionPolicyDeclaration>();
        foreach (var account in serviceAccounts)
        {
            if (account.Owner is not { Pipeline: { } pipeline, Stage: { } stageName } owner || !stages.TryGetValue((pipeline, stageName), out var stage))
            {
                continue;
            }

            policies.AddRange(StagePolicies(env, account, stage.Stage, stage.Repositories, owner));
        }

        return new AdmissionPlan([.. policies.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// The registry repositories a pipeline declares (<c>push-image</c> and <c>pull-image</c> of any of
    /// its stages): the only images its <c>deploy</c> may roll out. The registry is shared by every
    /// team of the environment, so pinning the registry alone would let a leaked deploy token run any
    /// other team's image (or a debug image someone pushed) under this workload's identity.
    /// </summary>
    public static ImmutableArray<string> Repositories(Pipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return [.. pipeline.Stages
            .SelectMany(s => s.Capabilities)
            .Where(u => u.Capability.Name is "push-image" or "pull-image")
            .SelectMany(u => u.Objects)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The username the API server gives a ServiceAccount's token.</summary>
    public static string Username(string ns, string serviceAccount) => $"system:serviceaccount:{ns}:{serviceAccount}";

    /// <summary>The name of a stage's policy (and binding): cluster-scoped, so the environment is part of it.</summary>
    public static string PolicyName(string environment, string serviceAccount) => Names.Derive(253, "access", environment, serviceAccount);

    private static IEnumerable<AdmissionPolicyDeclaration> StagePolicies(EnvironmentSettings env, ServiceAccountDeclaration account, Stage stage, ImmutableArray<string> repositories, Owner owner)
    {
        var name = PolicyName(env.Name, account.Name);
        var username = Username(account.Namespace, account.Name);
        var registry = env.Azure?.Registry?.LoginServer;
        var variables = ImmutableArray.CreateBuilder<CelVariable>();
        var allowances = ImmutableArray.CreateBuilder<AdmissionAllowance>();
        var cronJobs = new List<(string Namespace, string Name)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var use in stage.Capabilities.Where(u => u.Capability.System == CapabilitySystem.Kubernetes && u.Capability.Writes))
        {
            var ns = use.Namespace!;
            var names = use.Objects.Order(StringComparer.Ordinal).ToImmutableArray();
            var n = index.TryGetValue(use.Capability.Name, out var seen) ? seen : 0;
            index[use.Capability.Name] = n + 1;
            var variable = use.Capability.Name.Replace("-j", "J", StringComparison.Ordinal) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            switch (use.Capability.Name)
            {
                case "deploy":
                    variables.Add(new(variable, Deploy(ns, names, registry, repositories, env.IsProduction)));
                    allowances.Add(new(use.Capability.Name, "apps", "deployments", "", "UPDATE", ns, names));
                    break;
                case "restart":
                    variables.Add(new(variable, Restart(ns, names)));
                    allowances.Add(new(use.Capability.Name, "apps", "deployments", "", "UPDATE", ns, names));
                    break;
                case "scale":
                    variables.Add(new(variable, Scale(ns, names, use.Replicas ?? new ReplicaBounds(0, null))));
                    allowances.Add(new(use.Capability.Name, "apps", "deployments", "scale", "UPDATE", ns, names));
                    break;
                case "configure":
                    variables.Add(new(variable, Configure(ns, names)));
                    allowances.Add(new(use.Capability.Name, "", "configmaps", "", "UPDATE", ns, names));
                    break;
                case "run-job":
                    variables.Add(new(variable, RunJob(ns, names, registry, env.IsProduction)));
                    allowances.Add(new(use.Capability.Name, "batch", "jobs", "", "CREATE", ns, []));
                    cronJobs.AddRange(names.Select(c => (ns, c)));
                    break;
                default:
                    // A write capability this planner has no policy for: nothing is allowed, so the
                    // grant stays unusable (and K8S019 reports it uncovered) until one is written.
                    break;
            }
        }

        var expression = variables.Count == 0 ? "false" : string.Join(" || ", variables.Select(v => "variables." + v.Name));
        var what = allowances.Count == 0
            ? "holds no Kubernetes write"
            : "may only " + string.Join("; ", allowances.Select(a => $"{a.Capability} {a.Namespace}/{(a.Names.IsEmpty ? "*" : string.Join(",", a.Names))}"));
        var message = $"{owner.Subject} ({username}) {what}: this request changes something its capabilities do not cover (docs/capabilities.md)";
        yield return new AdmissionPolicyDeclaration(name, username, Everything, null, variables.ToImmutable(),
            [new CelValidation(expression, message)], AdmissionPolicyDeclaration.Fail,
            [new AdmissionBinding(name, DenyAndAudit, null, null)], allowances.ToImmutable(), account.Labels, owner);

        if (cronJobs.Count > 0)
        {
            var templateName = Names.Derive(253, name, "cronjob-template");
            var bindings = cronJobs
                .OrderBy(c => c.Namespace, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)
                .Select(c => new AdmissionBinding(Names.Derive(253, templateName, c.Namespace, c.Name), DenyAndAudit, new AdmissionParamRef(c.Name, c.Namespace), c.Namespace))
                .ToImmutableArray();
            yield return new AdmissionPolicyDeclaration(templateName, username, JobCreates, new AdmissionParamKind("batch/v1", "CronJob"),
                [new CelVariable("fromParams", FromParams)],
                [new CelValidation($"!variables.fromParams || ({JobMatchesCronJob})",
                    $"{owner.Subject} ({username}): a Job owned by a CronJob is that CronJob's job template, unchanged (pod template, ServiceAccount, the Job settings it declares and the defaults of the others, labels and annotations)")],
                AdmissionPolicyDeclaration.Fail, bindings, [], account.Labels, owner);
        }
    }

    private static string Deploy(string ns, ImmutableArray<string> names, string? registry, ImmutableArray<string> repositories, bool digest) => string.Join(" && ",
        Cel.Target("UPDATE", "apps", "deployments"),
        Cel.NoSubresource,
        Cel.InNamespace(ns),
        Cel.Named(names),
        "object != null && oldObject != null",
        Cel.EqualExcept("object.metadata", "oldObject.metadata", [.. Cel.ServerManagedMetadata, "annotations"]),
        Cel.EqualExcept(Cel.MapOrEmpty("object", "metadata.annotations"), Cel.MapOrEmpty("oldObject", "metadata.annotations"), DeployAnnotations),
        Cel.EqualExcept("object.spec", "oldObject.spec", "template"),
        Cel.EqualExcept("object.spec.template", "oldObject.spec.template", "spec"),
        Cel.EqualExcept("object.spec.template.spec", "oldObject.spec.template.spec", "containers"),
        "object.spec.template.spec.containers.size() == oldObject.spec.template.spec.containers.size()",
        "object.spec.template.spec.containers.all(c, oldObject.spec.template.spec.containers.exists(o, o.name == c.name && "
            + Cel.EqualExcept("c", "o", "image") + " && (c.image == o.image || " + Cel.ImageAllowed("c.image", registry, repositories, digest) + ")))");

    private static string Restart(string ns, ImmutableArray<string> names) => string.Join(" && ",
        Cel.Target("UPDATE", "apps", "deployments"),
        Cel.NoSubresource,
        Cel.InNamespace(ns),
        Cel.Named(names),
        "object != null && oldObject != null",
        Cel.EqualExcept("object.metadata", "oldObject.metadata", Cel.ServerManagedMetadata),
        Cel.EqualExcept("object.spec", "oldObject.spec", "template"),
        Cel.EqualExcept("object.spec.template", "oldObject.spec.template", "metadata"),
        Cel.EqualExcept(Cel.MapOrEmpty("object", "spec.template.metadata"), Cel.MapOrEmpty("oldObject", "spec.template.metadata"), "annotations"),
        Cel.EqualExcept(Cel.MapOrEmpty("object", "spec.template.metadata.annotations"), Cel.MapOrEmpty("oldObject", "spec.template.metadata.annotations"), RestartAnnotation));

    private static string Scale(string ns, ImmutableArray<string> names, ReplicaBounds bounds)
    {
        // Scale's replicas is omitempty: scaling to zero arrives without the key.
        const string Replicas = "((has(object.spec) && has(object.spec.replicas)) ? object.spec.replicas : 0)";
        var parts = new List<string>
        {
            Cel.Target("UPDATE", "apps", "deployments"),
            "has(request.subResource) && request.subResource == 'scale'",
            Cel.InNamespace(ns),
            Cel.Named(names),
            "object != null",
            FormattableString.Invariant($"{Replicas} >= {bounds.Min}"),
        };
        if (bounds.Max is { } max)
        {
            parts.Add(FormattableString.Invariant($"{Replicas} <= {max}"));
        }

        return string.Join(" && ", parts);
    }

    private static string Configure(string ns, ImmutableArray<string> names) => string.Join(" && ",
        Cel.Target("UPDATE", "", "configmaps"),
        Cel.NoSubresource,
        Cel.InNamespace(ns),
        Cel.Named(names),
        "object != null && oldObject != null",
        Cel.EqualExcept("object.metadata", "oldObject.metadata", Cel.ServerManagedMetadata),
        Cel.EqualExcept("object", "oldObject", "binaryData", "data", "metadata"));

    private static string RunJob(string ns, ImmutableArray<string> cronJobs, string? registry, bool digest) => string.Join(" && ",
        Cel.Target("CREATE", "batch", "jobs"),
        Cel.NoSubresource,
        Cel.InNamespace(ns),
        "object != null",
        "has(object.metadata.ownerReferences) && object.metadata.ownerReferences.size() == 1",
        $"object.metadata.ownerReferences.all(r, r.apiVersion == 'batch/v1' && r.kind == 'CronJob' && r.name in {Cel.List(cronJobs)} && has(r.controller) && r.controller == true)",
        Cel.NoSecrets("object.spec.template.spec"),
        $"{Cel.AllContainers("object.spec.template.spec")}.all(c, {Cel.ImageAllowed("c.image", registry, null, digest)})");

    /// <summary>The Job is owned by the CronJob bound as params (by name: its uid is checked below).</summary>
    private const string FromParams =
        "object != null && params != null && has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, r.kind == 'CronJob' && r.name == params.metadata.name)";

    /// <summary>
    /// Job settings the API server fills in on a Job (not on a CronJob's job template) when they are
    /// left unset, with the values it fills in. A setting the CronJob leaves unset must hold one of
    /// these, or be absent: any other (<c>ttlSecondsAfterFinished: 0</c> erasing the Job and its pods,
    /// <c>manualSelector</c> adopting other pods, <c>completionMode: Indexed</c>, <c>podFailurePolicy</c>,
    /// <c>suspend</c>, <c>managedBy</c> handing the Job to another controller, a larger <c>backoffLimit</c>,
    /// no <c>activeDeadlineSeconds</c>) is a Job the CronJob does not describe.
    /// </summary>
    public static IReadOnlyList<(string Setting, string Condition)> JobDefaults { get; } =
    [
        ("backoffLimit", "object.spec.backoffLimit == 6 || (has(params.spec.jobTemplate.spec.backoffLimitPerIndex) && object.spec.backoffLimit == 2147483647)"),
        ("completionMode", "object.spec.completionMode == 'NonIndexed'"),
        ("completions", "object.spec.completions == 1"),
        ("manualSelector", "object.spec.manualSelector == false"),
        ("parallelism", "object.spec.parallelism == 1"),
        ("podReplacementPolicy", "object.spec.podReplacementPolicy in ['Failed', 'TerminatingOrFailed']"),
        ("selector", "object.spec.selector == {'matchLabels': {'batch.kubernetes.io/controller-uid': object.metadata.uid}}"),
        ("suspend", "object.spec.suspend == false"),
    ];

    /// <summary>
    /// The Job is the CronJob's job template: the owner's uid is the CronJob's, the pod spec is equal,
    /// the pod template's labels are equal but for the ones the API server adds (which hold the Job's
    /// own name and uid), its annotations equal; every Job setting the CronJob declares is equal and
    /// every other one holds the API server's default (<see cref="JobDefaults"/>); the Job's own labels
    /// and annotations come from the CronJob's job template (or the pod template, as the API server
    /// copies them), with kubectl's <c>cronjob.kubernetes.io/instantiate: manual</c>, and it has no finalizer.
    /// </summary>
    private static string JobMatchesCronJob
    {
        get
        {
            const string Template = "params.spec.jobTemplate.spec";
            var podLabels = Cel.MapOrEmpty("object", "spec.template.metadata.labels");
            var jobTemplateLabels = "(has(params.spec.jobTemplate.metadata) && has(params.spec.jobTemplate.metadata.labels) ? params.spec.jobTemplate.metadata.labels : {})";
            var jobTemplateAnnotations = "(has(params.spec.jobTemplate.metadata) && has(params.spec.jobTemplate.metadata.annotations) ? params.spec.jobTemplate.metadata.annotations : {})";
            var jobLabels = Cel.MapOrEmpty("object", "metadata.labels");
            var jobAnnotations = Cel.MapOrEmpty("object", "metadata.annotations");
            var defaults = string.Join(" || ", JobDefaults.Select(d => $"(k == {Cel.Quote(d.Setting)} && ({d.Condition}))"));
            return string.Join(" && ",
                "object.metadata.ownerReferences.all(r, r.uid == params.metadata.uid)",
                "object.spec.template.spec == params.spec.jobTemplate.spec.template.spec",
                Cel.EqualExcept(podLabels, Cel.MapOrEmpty("params", "spec.jobTemplate.spec.template.metadata.labels"), JobControllerLabels),
                $"{podLabels}.all(l, !(l in {Cel.List(JobNameLabels)}) || {podLabels}[l] == object.metadata.name)",
                $"{podLabels}.all(l, !(l in {Cel.List(JobUidLabels)}) || {podLabels}[l] == object.metadata.uid)",
                $"{Cel.MapOrEmpty("object", "spec.template.metadata.annotations")} == {Cel.MapOrEmpty("params", "spec.jobTemplate.spec.template.metadata.annotations")}",
                $"{Template}.all(k, k == 'template' || (object.spec.exists(j, j == k) && object.spec[k] == {Template}[k]))",
                $"object.spec.all(k, k == 'template' || ({Template}.exists(j, j == k) ? object.spec[k] == {Template}[k] : ({defaults})))",
                $"{jobLabels}.all(l, ({jobTemplateLabels}.exists(j, j == l) && {jobLabels}[l] == {jobTemplateLabels}[l]) || ({podLabels}.exists(j, j == l) && {jobLabels}[l] == {podLabels}[l]))",
                $"{jobAnnotations}.all(a, (a == {Cel.Quote(InstantiateAnnotation)} && {jobAnnotations}[a] == 'manual') || ({jobTemplateAnnotations}.exists(j, j == a) && {jobAnnotations}[a] == {jobTemplateAnnotations}[a]))",
                "(!has(object.metadata.finalizers) || object.metadata.finalizers.size() == 0)");
        }
    }
}
