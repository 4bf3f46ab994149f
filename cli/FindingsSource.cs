using Infra.Access.Definition;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Cli;

/// <summary>
/// Where <c>access diff</c> gets the guardrail findings of the base and the head definitions.
/// The one seam between the diff and the rule engine.
/// </summary>
internal static class FindingsSource
{
    /// <summary>The findings (unwaived and waived) of one definition and its plan, as <c>access check</c> reports them for it alone.</summary>
    public static GuardrailReport For(EnvironmentDefinition definition, Plan plan, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(plan);
        return Guardrails.Check([definition], [plan], today);
    }
}
