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

    /// <summary>
    /// The definitions behind <see cref="OtherPlans"/>, in the same order: the isolation rules compare
    /// what the environments themselves name (Vault address, cluster, registry, CI environments).
    /// Empty when only plans were given.
    /// </summary>
    public ImmutableArray<EnvironmentDefinition> OtherDefinitions { get; init; } = [];

    /// <summary>The pipeline that owns a plan entry, when it is in the definition.</summary>
    public Pipeline? PipelineOf(Owner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Pipeline is null)
        {
            return null;
        }

        // Keyed once per definition: rules ask this for every plan entry, and a catalog has thousands.
        if (!ReferenceEquals(_pipelines?.Source, Definition))
        {
            _pipelines = (Definition, Keyed.FirstByKey(Definition.Pipelines, p => p.Name, StringComparer.Ordinal));
        }

        return _pipelines.Value.Map.GetValueOrDefault(owner.Pipeline);
    }

    /// <summary>The stage identity that owns a plan entry, when there is one.</summary>
    public StageIdentity? IdentityOf(Owner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (owner.Pipeline is null || owner.Stage is null)
        {
            return null;
        }

        if (!ReferenceEquals(_identities?.Source, Plan))
        {
            _identities = (Plan, Keyed.FirstByKey(Plan.Identities, i => (i.Pipeline, i.Stage)));
        }

        return _identities.Value.Map.GetValueOrDefault((owner.Pipeline, owner.Stage));
    }

    // Lookup caches, rebuilt when a `with` expression gave the context another definition or plan.
    private (EnvironmentDefinition Source, Dictionary<string, Pipeline> Map)? _pipelines;

    private (Plan Source, Dictionary<(string, string), StageIdentity> Map)? _identities;
}
