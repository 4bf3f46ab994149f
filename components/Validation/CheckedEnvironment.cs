using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Components.Validation;

/// <summary>
/// An environment that went through the core exactly like the YAML path: loaded and validated,
/// planned, and checked by the guardrails with no error finding. Only <see cref="EnvironmentGate"/>
/// creates one, so a component that takes it can only register what passed every check.
/// </summary>
public sealed class CheckedEnvironment
{
    internal CheckedEnvironment(EnvironmentDefinition definition, Plan plan, ImmutableArray<Finding> warnings)
    {
        Definition = definition;
        Plan = plan;
        Warnings = warnings;
    }

    /// <summary>The validated definition.</summary>
    public EnvironmentDefinition Definition { get; }

    /// <summary>The core's plan: every declaration the components register, and nothing else.</summary>
    public Plan Plan { get; }

    /// <summary>Guardrail findings below error severity (they do not stop a run; the program logs them).</summary>
    public ImmutableArray<Finding> Warnings { get; }
}
