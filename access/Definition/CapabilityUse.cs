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
    SourceLocation Location);
