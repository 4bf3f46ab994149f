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

    public static readonly ImmutableArray<string> DenyAndAudit = ["Deny", "Audit"];

    private static readonly ImmutableArray<AdmissionMatchRule> Everything = [new(["*"], ["*"], ["*"], ["*/*"])];

    private static readonly ImmutableArray<AdmissionMatchRule> JobCreates = [new(["batch"], ["v1"], ["CREATE"], ["jobs"])];

    /// <summary>What each write capability may change, in words (the docs table is generated from it).</summary>
    public static IReadOnlyList<(string Capability, string Request, string MayChange)> Changes { get; } =
    [
        ("deploy", "UPDATE (patch, update) of the named Deployments",
            $"only container images (init and ephemeral containers excluded); a changed image comes from the environment's registry, pinned by digest (`@sha256:`) in production; Deployment annotations {string.Join(", ", DeployAnnotations.Select(a => $"`{a}`"))}. Everything else (labels, owner references, replicas, the pod template's metadata, ServiceAccount, token automount, volumes, env and envFrom, commands, security contexts, host namespaces, node placement) equals the old object"),
        ("restart", "UPDATE of the named Deployments",
            $"only the pod template annotation `{RestartAnnotation}`"),
        ("scale", "UPDATE of `deployments/scale` of the named Deployments",
            "only replicas, from `minReplicas` (default 0) to `maxReplicas` (default: no bound) as the definition declares"),
        ("configure", "UPDATE of the named ConfigMaps",
            "only `data` and `binaryData`; labels, annotations, owner references and `immutable` equal the old object"),
        ("run-job", "CREATE of Jobs in the namespace",
            "only a Job whose one controller owner reference is one of the named CronJobs (its uid), whose pod template is the CronJob's (ServiceAccount included) and whose Job settings the CronJob declares are the CronJob's; no Secret volume, projected Secret or token, or Secret in env or envFrom; every image from the environment's registry"),
        ("any other", "anything else: other objects, other namespaces, DELETE, CONNECT (exec, attach, port-forward), status, ephemeral containers, other subresources",
            "denied"),
    ];

    /// <summary>The policies of the plan: one per stage ServiceAccount of <paramref name="serviceAccounts"/>.</summary>
    public static AdmissionPlan Build(EnvironmentDefinition definition, ImmutableArray<ServiceAccountDeclaration> serviceAccounts)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var env = definition.Environment;
        var stages = new Dictionary<(string, string), Stage>();
        foreach (var pipeline in definition.Pipelines)
        {
            foreach (var stage in pipeline.Stages)
            {
                stages.TryAdd((pipeline.Name, stage.Name), stage);
            }
        }

        var policies = ImmutableArray.CreateBuilder<AdmissionPolicyDeclaration>();
        foreach (var account in serviceAccounts)
        {
            if (account.Owner is not { Pipeline: { } pipeline, Stage: { } stageName } owner || !stages.TryGetValue((pipeline, stageName), out var stage))
            {
                continue;
            }

            policies.AddRange(StagePolicies(env, account, stage, owner));
        }

        return new AdmissionPlan([.. policies.OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    /// <summary>The username the API server gives a ServiceAccount's token.</summary>
    public static string Username(string ns, string serviceAccount) => $"system:serviceaccount:{ns}:{serviceAccount}";

    /// <summary>The name of a stage's policy (and binding): cluster-scoped, so the environment is part of it.</summary>
    public static string PolicyName(string environment, string serviceAccount) => Names.Derive(253, "access", environment, serviceAccount);

    private static IEnumerable<AdmissionPolicyDeclaration> StagePolicies(EnvironmentSettings env, ServiceAccountDeclaration account, Stage stage, Owner owner)
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
                    variables.Add(new(variable, Deploy(ns, names, registry, env.IsProduction)));
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
                    $"{owner.Subject} ({username}): a Job owned by a CronJob is that CronJob's job template, unchanged (pod template, ServiceAccount and the Job settings it declares)")],
                AdmissionPolicyDeclaration.Fail, bindings, [], account.Labels, owner);
        }
    }

    private static string Deploy(string ns, ImmutableArray<string> names, string? registry, bool digest) => string.Join(" && ",
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
            + Cel.EqualExcept("c", "o", "image") + " && (c.image == o.image || " + Cel.ImageAllowed("c.image", registry, digest) + ")))");

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
        $"{Cel.AllContainers("object.spec.template.spec")}.all(c, {Cel.ImageAllowed("c.image", registry, digest)})");

    /// <summary>The Job is owned by the CronJob bound as params (by name: its uid is checked below).</summary>
    private const string FromParams =
        "object != null && params != null && has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, r.kind == 'CronJob' && r.name == params.metadata.name)";

    /// <summary>
    /// The Job is the CronJob's job template: the owner's uid is the CronJob's, the pod spec is equal,
    /// the pod template's labels are equal but for the ones the API server adds, its annotations equal,
    /// and every Job setting the CronJob declares is equal; parallelism and completions it leaves unset stay 1.
    /// </summary>
    private static string JobMatchesCronJob => string.Join(" && ",
        "object.metadata.ownerReferences.all(r, r.uid == params.metadata.uid)",
        "object.spec.template.spec == params.spec.jobTemplate.spec.template.spec",
        Cel.EqualExcept(Cel.MapOrEmpty("object", "spec.template.metadata.labels"), Cel.MapOrEmpty("params", "spec.jobTemplate.spec.template.metadata.labels"), JobControllerLabels),
        $"{Cel.MapOrEmpty("object", "spec.template.metadata.annotations")} == {Cel.MapOrEmpty("params", "spec.jobTemplate.spec.template.metadata.annotations")}",
        "params.spec.jobTemplate.spec.all(k, k == 'template' || (object.spec.exists(j, j == k) && object.spec[k] == params.spec.jobTemplate.spec[k]))",
        "(has(params.spec.jobTemplate.spec.parallelism) || !has(object.spec.parallelism) || object.spec.parallelism == 1)",
        "(has(params.spec.jobTemplate.spec.completions) || !has(object.spec.completions) || object.spec.completions == 1)");
}
