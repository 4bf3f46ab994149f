namespace Infra.Components;

/// <summary>
/// A pipeline as a product team declares it from its own Pulumi program. The fields are those of
/// a <c>pipelines:</c> entry of <c>stacks/&lt;env&gt;.yaml</c> (see docs/definition-format.md) and go
/// through the same loader, planner and guardrails; the pipeline's name is the component's name.
/// </summary>
public sealed class PipelineAccessArgs
{
    /// <summary>
    /// The text of the environment's definition, as the platform team publishes it (for example
    /// its <c>stacks/prod.yaml</c>). Only its <c>environment:</c> section is used: the cluster, CI
    /// identity provider, Vault mounts, Azure scopes and token ceiling the pipeline lives within.
    /// </summary>
    public required string EnvironmentDefinition { get; init; }

    /// <summary>The file name errors in <see cref="EnvironmentDefinition"/> are reported against.</summary>
    public string EnvironmentFile { get; init; } = "environment.yaml";

    /// <summary>The owning team.</summary>
    public required string Team { get; init; }

    /// <summary>The repository CI runs from, <c>owner/name</c>.</summary>
    public required string Repository { get; init; }

    /// <summary>The git ref the CI token must carry (for example <c>refs/heads/main</c>), or null for any ref of the repository.</summary>
    public string? Ref { get; init; }

    /// <summary>Target namespaces; the first holds the stages' ServiceAccounts.</summary>
    public IList<string> Namespaces { get; } = new List<string>();

    /// <summary><c>active</c>, <c>paused</c> or <c>decommissioned</c>.</summary>
    public string State { get; init; } = "active";

    /// <summary>The date by which the pipeline's access is reviewed again.</summary>
    public required DateOnly ReviewBy { get; init; }

    /// <summary>People who may edit the pipeline.</summary>
    public IList<string> Maintainers { get; } = new List<string>();

    /// <summary>People who approve production releases.</summary>
    public IList<string> Approvers { get; } = new List<string>();

    /// <summary>Flows the pipeline's namespaces accept beyond the default deny.</summary>
    public IList<NetworkFlowArgs> Ingress { get; } = new List<NetworkFlowArgs>();

    /// <summary>Flows the pipeline's namespaces make beyond the default deny and DNS.</summary>
    public IList<NetworkFlowArgs> Egress { get; } = new List<NetworkFlowArgs>();

    /// <summary>
    /// The Pod Security level of the pipeline's namespaces when its workloads cannot run under
    /// <c>restricted</c> (the default, when null): <c>baseline</c>, or <c>privileged</c> (refused in
    /// production). Needs <see cref="PodSecurityReason"/>.
    /// </summary>
    public string? PodSecurityLevel { get; init; }

    /// <summary>Why the workloads cannot run under <c>restricted</c>; required with <see cref="PodSecurityLevel"/>.</summary>
    public string? PodSecurityReason { get; init; }

    /// <summary>The stages, each its own identity.</summary>
    public IList<StageArgs> Stages { get; } = new List<StageArgs>();

    /// <summary>The date the guardrails check review-by dates against; today (UTC) when null.</summary>
    public DateOnly? AsOf { get; init; }
}

/// <summary>A stage of a <see cref="PipelineAccessArgs"/> pipeline.</summary>
public sealed class StageArgs
{
    /// <summary>The stage's name, e.g. <c>deploy</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The token lifetime, at most the environment's ceiling; the ceiling when null.</summary>
    public TimeSpan? TokenTtl { get; init; }

    /// <summary>Run only in the approval-gated CI environment (production write stages always are).</summary>
    public bool ApprovalGated { get; init; }

    /// <summary>
    /// The CI workflow file the stage's jobs run from (e.g. <c>.github/workflows/deploy.yml</c>), pinned
    /// as the <c>workflow_ref</c> claim so other workflows cannot assume the stage. Needs <see cref="PipelineAccessArgs.Ref"/>.
    /// </summary>
    public string? Workflow { get; init; }

    /// <summary>Capabilities from the closed catalog (see docs/capabilities.md).</summary>
    public IList<CapabilityArgs> Capabilities { get; } = new List<CapabilityArgs>();
}

/// <summary>A capability of the catalog and the exact objects it names.</summary>
/// <param name="name">The capability, e.g. <c>deploy</c>, <c>read-secret</c>, <c>push-image</c>.</param>
public sealed class CapabilityArgs(string name)
{
    /// <summary>The capability's name in the catalog.</summary>
    public string Name { get; } = name;

    /// <summary>The namespace a Kubernetes capability acts in; may be omitted when the pipeline has one namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>
    /// The objects the capability names: Deployments (<c>deploy</c>, <c>scale</c>, <c>restart</c>),
    /// ConfigMaps (<c>configure</c>), CronJobs (<c>run-job</c>), Vault paths (<c>read-secret</c>,
    /// <c>write-secret</c>) or registry repositories (<c>push-image</c>, <c>pull-image</c>).
    /// </summary>
    public IList<string> Objects { get; } = new List<string>();
}

/// <summary>A network flow: exactly one peer (a namespace or a CIDR) and its TCP ports.</summary>
public sealed class NetworkFlowArgs
{
    /// <summary>The peer namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>The peer CIDR block.</summary>
    public string? Cidr { get; init; }

    /// <summary>TCP ports.</summary>
    public IList<int> Ports { get; } = new List<int>();
}
