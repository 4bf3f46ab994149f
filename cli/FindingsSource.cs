using Infra.Access.Definition;
using Infra.Access.Rules;

namespace Infra.Access.Cli;

/// <summary>
/// Where <c>access diff</c> gets the guardrail findings of the base and the head definitions.
/// The one seam between the diff and the rule engine.
/// </summary>
internal static class FindingsSource
{
    // TODO(guardrails): return Guardrails.Check(definition, today) once the rule engine lands on main.
    // Until then the diff shows no introduced or resolved findings; the rendering is tested with hand-made findings.
    public static IReadOnlyList<Finding> For(EnvironmentDefinition definition, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _ = today;
        return [];
    }
}
