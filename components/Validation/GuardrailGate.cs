using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Rules;

namespace Infra.Components.Validation;

/// <summary>
/// The Pulumi layer's only call into the guardrail engine, kept in one file so the call can follow
/// the engine's entry point without touching the components.
/// </summary>
internal static class GuardrailGate
{
    public static ImmutableArray<Finding> Run(EnvironmentDefinition definition, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _ = today;
        // PENDING the guardrails branch: replace with the engine's entry point, e.g.
        //   return [.. Guardrails.Check([definition], today).Findings];
        // Until then no guardrail runs here; loader validation still applies.
        return [];
    }
}
