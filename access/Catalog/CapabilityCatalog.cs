using System.Collections.Immutable;

namespace Infra.Access.Catalog;

/// <summary>
/// The closed set of capabilities a stage may ask for. Adding one is a reviewed change to this
/// file, its grant test and its golden case (docs/contributing.md, "Adding a capability");
/// nothing else grants access. Whether a capability writes follows from its grants (<see cref="WriteAccess"/>).
/// </summary>
public static class CapabilityCatalog
{
    private const string Core = "";
    private const string Apps = "apps";
    private const string Batch = "batch";
    private const string Acr = "Microsoft.ContainerRegistry/registries/repositories";

    public static Capability Deploy { get; } = new(
        "deploy",
        "Update the named Deployments and follow their rollout.",
        CapabilitySystem.Kubernetes,
        new ObjectParameter("deployments", ObjectKind.Deployment, "Deployments the stage may update (they must already exist: create cannot be restricted by name)."),
        [
            Rule(Apps, ["deployments"], ["get", "patch", "update"], named: true),
            // rollout status watches the Deployment; list and watch cannot be narrowed by name.
            Rule(Apps, ["deployments"], ["list", "watch"], named: false),
        ],
        [],
        null);

    public static Capability Scale { get; } = new(
        "scale",
        "Change the replica count of the named Deployments.",
        CapabilitySystem.Kubernetes,
        new ObjectParameter("deployments", ObjectKind.Deployment, "Deployments the stage may scale."),
        [Rule(Apps, ["deployments/scale"], ["get", "patch", "update"], named: true)],
        [],
        null);

    public static Capability Restart { get; } = new(
        "restart",
        "Restart the named Deployments (kubectl rollout restart patches the pod template).",
        CapabilitySystem.Kubernetes,
        new ObjectParameter("deployments", ObjectKind.Deployment, "Deployments the stage may restart."),
        [Rule(Apps, ["deployments"], ["get", "patch"], named: true)],
        [],
        null);

    public static Capability Configure { get; } = new(
        "configure",
        "Update the named ConfigMaps.",
        CapabilitySystem.Kubernetes,
        new ObjectParameter("configMaps", ObjectKind.ConfigMap, "ConfigMaps the stage may update (they must already exist)."),
        [Rule(Core, ["configmaps"], ["get", "patch", "update"], named: true)],
        [],
        null);

    public static Capability ReadLogs { get; } = new(
        "read-logs",
        "Read pod logs in the namespace.",
        CapabilitySystem.Kubernetes,
        null,
        [
            Rule(Core, ["pods"], ["get", "list"], named: false),
            // pods/log is a subresource: a grant on pods does not include it.
            Rule(Core, ["pods/log"], ["get"], named: false),
        ],
        [],
        null);

    public static Capability ReadStatus { get; } = new(
        "read-status",
        "Read the status of workloads, pods, services and events in the namespace (never Secrets).",
        CapabilitySystem.Kubernetes,
        null,
        [
            Rule(Apps, ["deployments", "replicasets", "statefulsets"], ["get", "list", "watch"], named: false),
            Rule(Core, ["events", "pods", "services"], ["get", "list", "watch"], named: false),
            Rule(Batch, ["cronjobs", "jobs"], ["get", "list", "watch"], named: false),
        ],
        [],
        null);

    public static Capability RunJob { get; } = new(
        "run-job",
        "Start a Job from one of the named CronJobs (kubectl create job --from=cronjob/NAME) and follow it.",
        CapabilitySystem.Kubernetes,
        new ObjectParameter("cronJobs", ObjectKind.CronJob, "CronJobs whose job template the stage may run."),
        [
            Rule(Batch, ["cronjobs"], ["get"], named: true),
            // A new Job's name is not known when create is authorized, so create is namespace-wide.
            Rule(Batch, ["jobs"], ["create"], named: false),
            Rule(Batch, ["jobs"], ["get", "list", "watch"], named: false),
        ],
        [],
        null);

    public static Capability ReadSecret { get; } = new(
        "read-secret",
        "Read the named Vault secrets (exact paths, no globs).",
        CapabilitySystem.Vault,
        new ObjectParameter("paths", ObjectKind.VaultPath, "Exact Vault paths, starting with a configured secret mount."),
        [],
        ["read"],
        null);

    public static Capability WriteSecret { get; } = new(
        "write-secret",
        "Write the named Vault secrets (for secret-rotation stages only).",
        CapabilitySystem.Vault,
        new ObjectParameter("paths", ObjectKind.VaultPath, "Exact Vault paths, starting with a configured secret mount."),
        [],
        ["create", "update"],
        null);

    public static Capability PushImage { get; } = new(
        "push-image",
        "Push images to the named repositories of the environment's registry.",
        CapabilitySystem.Azure,
        new ObjectParameter("repositories", ObjectKind.Repository, "Repositories of the registry the stage may push to."),
        [],
        [],
        new AzureRoleTemplate(
            "ci-acr-repository-writer",
            "Push and pull images of the repositories named in the assignment's condition.",
            [Acr + "/content/read", Acr + "/content/write", Acr + "/metadata/read", Acr + "/metadata/write"]));

    public static Capability PullImage { get; } = new(
        "pull-image",
        "Pull images from the named repositories of the environment's registry.",
        CapabilitySystem.Azure,
        new ObjectParameter("repositories", ObjectKind.Repository, "Repositories of the registry the stage may pull from."),
        [],
        [],
        new AzureRoleTemplate(
            "ci-acr-repository-reader",
            "Pull images of the repositories named in the assignment's condition.",
            [Acr + "/content/read", Acr + "/metadata/read"]));

    /// <summary>Every capability, in catalog order.</summary>
    public static ImmutableArray<Capability> All { get; } =
        [Deploy, Scale, Restart, Configure, ReadLogs, ReadStatus, RunJob, ReadSecret, WriteSecret, PushImage, PullImage];

    public static Capability? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static KubernetesRuleTemplate Rule(string apiGroup, ImmutableArray<string> resources, ImmutableArray<string> verbs, bool named) =>
        new(apiGroup, resources, verbs, named);
}
