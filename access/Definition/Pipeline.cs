using System.Collections.Immutable;

namespace Infra.Access.Definition;

/// <summary>An approved CI/CD pipeline: who owns it, where it deploys, what each stage may do.</summary>
public sealed record Pipeline(
    string Name,
    string Team,
    string Repository,
    string? Ref,
    ImmutableArray<string> Namespaces,
    PipelineState State,
    DateOnly ReviewBy,
    ImmutableArray<string> Maintainers,
    ImmutableArray<string> Approvers,
    NetworkSettings Network,
    ImmutableArray<Stage> Stages,
    SourceLocation Location)
{
    /// <summary>The namespace that holds the stages' ServiceAccounts: the first one listed.</summary>
    public string HomeNamespace => Namespaces[0];

    /// <summary>
    /// The pipeline's departure from the <c>restricted</c> Pod Security level of its namespaces, or null
    /// (the default). An init property, not a positional one, so definitions built in code stay valid.
    /// </summary>
    public PodSecurityOverride? PodSecurity { get; init; }
}

/// <summary>
/// A stage of a pipeline (build, deploy, verify...). Each stage is its own identity.
/// <see cref="ApprovalGated"/> forces the approval-gated CI environment; production write stages
/// are gated whatever it says. <see cref="Workflow"/> is the CI workflow file the stage's jobs run
/// from: pinned as a claim, it keeps the pipeline's other workflows from assuming this stage.
/// </summary>
public sealed record Stage(
    string Name,
    ImmutableArray<CapabilityUse> Capabilities,
    TimeSpan? TokenTtl,
    bool ApprovalGated,
    SourceLocation Location,
    string? Workflow = null);

/// <summary>Flows a pipeline's namespaces accept and make beyond the default deny.</summary>
public sealed record NetworkSettings(ImmutableArray<NetworkFlow> Ingress, ImmutableArray<NetworkFlow> Egress)
{
    public static NetworkSettings None { get; } = new([], []);
}

/// <summary>A peer (a namespace, or a CIDR) and the TCP ports of one allowed flow.</summary>
public sealed record NetworkFlow(string? Namespace, string? Cidr, ImmutableArray<int> Ports, SourceLocation Location)
{
    public string Peer => Namespace is not null ? "namespace " + Namespace : "cidr " + Cidr;
}

/// <summary>
/// An approved exception to a guardrail (listed under <c>exceptions:</c>) for one finding: its rule,
/// its subject and its object (null for rules whose findings carry none), until a date.
/// </summary>
public sealed record Waiver(
    string Rule,
    string Subject,
    string? Object,
    string Reason,
    DateOnly Expires,
    string ApprovedBy,
    SourceLocation Location);
