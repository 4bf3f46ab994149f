using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Planning;

/// <summary>
/// Everything one environment declares, per system, in a stable order. Built by
/// <see cref="Planner"/>; read by the guardrails, the renderers, the Pulumi components and the diff.
/// </summary>
public sealed record Plan(
    string Environment,
    Tier Tier,
    string File,
    ImmutableArray<StageIdentity> Identities,
    KubernetesPlan Kubernetes,
    VaultPlan Vault,
    AzurePlan Azure)
{
    /// <summary>The admission policies that hold each CI identity's writes to what its capabilities are for.</summary>
    public Admission.AdmissionPlan Admission { get; init; } = Infra.Access.Admission.AdmissionPlan.Empty;
}

/// <summary>
/// Who a plan entry belongs to and which line of the definition caused it. <see cref="Stage"/> is
/// null for pipeline-wide entries (network policies) and both are null for environment-wide ones.
/// </summary>
/// <remarks>
/// <see cref="Subject"/> is built once, here: the matrix, the guardrails and the diff ask for it
/// per row and per check, and a stage's entries share one owner. The properties are get-only so
/// that no <c>with</c> can change them and leave it stale.
/// </remarks>
public sealed record Owner
{
    public Owner(string? pipeline, string? stage, SourceLocation location)
    {
        Pipeline = pipeline;
        Stage = stage;
        Location = location;
        Subject = pipeline is null ? "environment" : stage is null ? pipeline : $"{pipeline}/{stage}";
    }

    public string? Pipeline { get; }

    public string? Stage { get; }

    public SourceLocation Location { get; }

    /// <summary><c>pipeline/stage</c>, <c>pipeline</c> or <c>environment</c>.</summary>
    public string Subject { get; }

    public static Owner Environment(SourceLocation location) => new(null, null, location);
}

/// <summary>
/// One pipeline stage's identity in this environment: the CI subject (and, when the stage names its
/// workflow, the workflow_ref claim) that may assume it, and whether it is live. Identities of paused and decommissioned pipelines are listed but hold nothing.
/// </summary>
public sealed record StageIdentity(
    string Pipeline,
    string Stage,
    PipelineState State,
    string Repository,
    string CiEnvironment,
    string CiSubject,
    bool ApprovalGated,
    bool Writes,
    TimeSpan TokenTtl,
    bool TouchesKubernetes,
    bool TouchesVault,
    bool TouchesAzure,
    SourceLocation Location,
    string? WorkflowRef = null)
{
    /// <summary><c>pipeline/stage</c>: the identity's name in findings, the matrix and the diff.</summary>
    public string Id => $"{Pipeline}/{Stage}";

    public bool IsActive => State == PipelineState.Active;
}
