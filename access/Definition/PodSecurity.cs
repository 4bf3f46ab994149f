using System.Collections.Immutable;

namespace Infra.Access.Definition;

/// <summary>
/// The Pod Security Standards levels, weakest first, so a comparison reads as strength:
/// <c>Baseline &lt; Restricted</c>.
/// </summary>
public enum PodSecurityLevel
{
    /// <summary>No restriction at all: host namespaces, hostPath, privileged containers. Node root.</summary>
    Privileged,

    /// <summary>No host access and no privileged containers, but root, extra capabilities and privilege escalation allowed.</summary>
    Baseline,

    /// <summary>Non-root, no privilege escalation, capabilities dropped, a seccomp profile: the default.</summary>
    Restricted,
}

/// <summary>
/// A pipeline's declared departure from the default <c>restricted</c> level (<c>podSecurity:</c> in
/// the definition), with the reason a reviewer approved.
/// </summary>
public sealed record PodSecurityOverride(PodSecurityLevel Level, string Reason, SourceLocation Location);

/// <summary>
/// The Pod Security Admission labels a pipeline namespace carries, in one place: the planner declares
/// them, the guardrails judge the plan against them, the renderers and the Pulumi layer apply them.
/// </summary>
/// <remarks>
/// <c>enforce</c> is the pipeline's level, pinned to <see cref="EnforceVersion"/> so a cluster upgrade
/// cannot start rejecting pods that ran yesterday (the Kubernetes docs' advice). <c>audit</c> and
/// <c>warn</c> are always <c>restricted</c> at <c>latest</c>: an override still leaves an audit event and a
/// client warning for every pod that would fail the default, so the gap stays visible, and the
/// newest version's checks show what an upgrade of the pin would reject.
/// </remarks>
public static class PodSecurity
{
    public const string Prefix = "pod-security.kubernetes.io/";
    public const string EnforceLabel = Prefix + "enforce";
    public const string EnforceVersionLabel = Prefix + "enforce-version";
    public const string AuditLabel = Prefix + "audit";
    public const string AuditVersionLabel = Prefix + "audit-version";
    public const string WarnLabel = Prefix + "warn";
    public const string WarnVersionLabel = Prefix + "warn-version";

    /// <summary>
    /// The version the enforced level is pinned to: Kubernetes 1.30, the oldest the project supports
    /// (ValidatingAdmissionPolicy is GA there). Every check of restricted exists at this version.
    /// </summary>
    public const string EnforceVersion = "v1.30";

    /// <summary>The annotation that carries an override's reason on the namespace, for whoever reads the cluster.</summary>
    public const string ReasonAnnotation = "access.infra/pod-security-reason";

    /// <summary>
    /// The server-side apply field manager of the label patch: it owns these labels (and the reason
    /// annotation) of each pipeline namespace, nothing else of it.
    /// </summary>
    public const string FieldManager = "access-pod-security";

    /// <summary>The Pulumi Kubernetes provider's annotation naming a Patch resource's field manager; the provider leaves it on the object.</summary>
    public const string PatchFieldManagerAnnotation = "pulumi.com/patchFieldManager";

    /// <summary>The Pulumi Kubernetes provider's annotation that makes a Patch resource force conflicts; the provider leaves it on the object.</summary>
    public const string PatchForceAnnotation = "pulumi.com/patchForce";

    /// <summary>The level as Kubernetes spells it.</summary>
    public static string Name(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Privileged => "privileged",
        PodSecurityLevel.Baseline => "baseline",
        _ => "restricted",
    };

    /// <summary>The level a label value names, or null for anything Kubernetes would not accept.</summary>
    public static PodSecurityLevel? Parse(string? name) => name switch
    {
        "privileged" => PodSecurityLevel.Privileged,
        "baseline" => PodSecurityLevel.Baseline,
        "restricted" => PodSecurityLevel.Restricted,
        _ => null,
    };

    /// <summary>The level a pipeline's namespaces enforce: its override's, else restricted.</summary>
    public static PodSecurityLevel LevelOf(Pipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return pipeline.PodSecurity?.Level ?? PodSecurityLevel.Restricted;
    }

    /// <summary>Every label a namespace enforcing <paramref name="level"/> carries, and nothing else.</summary>
    public static ImmutableSortedDictionary<string, string> Labels(PodSecurityLevel level) =>
        ImmutableSortedDictionary.CreateRange<string, string>(StringComparer.Ordinal,
        [
            new(EnforceLabel, Name(level)),
            new(EnforceVersionLabel, EnforceVersion),
            new(AuditLabel, Name(PodSecurityLevel.Restricted)),
            new(AuditVersionLabel, "latest"),
            new(WarnLabel, Name(PodSecurityLevel.Restricted)),
            new(WarnVersionLabel, "latest"),
        ]);

    /// <summary>What a level lets a pod of the namespace do, in a reviewer's words (explain, docs).</summary>
    public static string Allows(PodSecurityLevel level) => level switch
    {
        PodSecurityLevel.Privileged => "privileged containers, hostPath, host network, PID and IPC: root on the node, its kubelet credentials and every Secret and token mounted on it",
        PodSecurityLevel.Baseline => "containers running as root with privilege escalation and the default capabilities, but no host namespaces, hostPath or privileged containers",
        _ => "non-root containers with capabilities dropped, no privilege escalation and a seccomp profile",
    };
}
