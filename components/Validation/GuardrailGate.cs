using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Components.Validation;

/// <summary>
/// The Pulumi layer's only call into the guardrail engine, kept in one file so the call can follow
/// the engine's entry point without touching the components.
/// </summary>
internal static class GuardrailGate
{
    /// <summary>
    /// Every finding not covered by an exception in force. The rules judge the very plan the
    /// components register, not a second one built from the definition.
    /// </summary>
    /// <remarks>The other environments are planned here and shown to the isolation rules only; their own findings are theirs.</remarks>
    public static ImmutableArray<Finding> Run(EnvironmentDefinition definition, Plan plan, DateOnly today, IReadOnlyList<EnvironmentDefinition> otherEnvironments) =>
        [.. Guardrails.Check([definition], [plan], today, otherEnvironments, [.. otherEnvironments.Select(d => Planner.Build(d, today))]).Findings];
}
