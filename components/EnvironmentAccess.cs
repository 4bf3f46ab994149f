using Infra.Access.Planning;
using Pulumi;

namespace Infra.Components;

/// <summary>The root component of a stack: every identity, grant and audit sink of one environment.</summary>
public sealed class EnvironmentAccess : ComponentResource
{
    /// <summary>Registers the environment's declarations from its plan.</summary>
    public EnvironmentAccess(string name, Plan plan, ComponentResourceOptions? options = null)
        : base("infra:access:EnvironmentAccess", name, options)
    {
        ArgumentNullException.ThrowIfNull(plan);
        RegisterOutputs();
    }
}
