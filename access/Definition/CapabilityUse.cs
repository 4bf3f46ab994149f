using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Definition;

/// <summary>
/// A capability as a stage uses it. <see cref="Objects"/> are the exact objects it names:
/// Deployments, ConfigMaps, CronJobs, Vault paths or registry repositories, as the capability says.
/// </summary>
public sealed record CapabilityUse(
    Capability Capability,
    string? Namespace,
    ImmutableArray<string> Objects,
    SourceLocation Location)
{
    /// <summary>
    /// <c>scale</c> only: the replica counts its admission policy accepts (<c>minReplicas</c>,
    /// <c>maxReplicas</c>); null when the definition declares none (any count from 0).
    /// </summary>
    public ReplicaBounds? Replicas { get; init; }
}

/// <summary>The replica counts a <c>scale</c> may set, both ends included; <see cref="Max"/> null: no upper bound.</summary>
public sealed record ReplicaBounds(int Min, int? Max);
