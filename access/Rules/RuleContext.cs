using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules;

/// <summary>
/// What a rule sees: one environment's definition and the plan built from it, the plans of the
/// other environments checked together (for isolation), the rule catalog (for exceptions) and today's date.
/// </summary>
public sealed record RuleContext(
    EnvironmentDefinition Definition,
    Plan Plan,
    ImmutableArray<Plan> OtherPlans,
    RuleCatalog Catalog,
    DateOnly Today)
{
    public EnvironmentSettings Environment => Definition.Environment;

    public bool IsProduction => Definition.Environment.IsProduction;

    /// <summary>The pipeline that owns a plan entry, when it is in the definition.</summary>
    public Pipeline? PipelineOf(Owner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return owner.Pipeline is null ? null : Definition.Pipelines.FirstOrDefault(p => p.Name == owner.Pipeline);
    }

    /// <summary>The stage identity that owns a plan entry, when there is one.</summary>
    public StageIdentity? IdentityOf(Owner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return Plan.Identities.FirstOrDefault(i => i.Pipeline == owner.Pipeline && i.Stage == owner.Stage);
    }
}
