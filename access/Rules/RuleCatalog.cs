using System.Collections.Immutable;

namespace Infra.Access.Rules;

/// <summary>Every guardrail, discovered by reflection over this assembly, ordered by ID.</summary>
public sealed class RuleCatalog
{
    private RuleCatalog(ImmutableArray<GuardrailRule> rules) => Rules = rules;

    /// <summary>The catalog of this build: every concrete <see cref="GuardrailRule"/> in the core.</summary>
    public static RuleCatalog Default { get; } = new(Discover());

    public ImmutableArray<GuardrailRule> Rules { get; }

    public GuardrailRule? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);

    /// <summary>A catalog of chosen rules, for tests and callers that run a subset.</summary>
    public static RuleCatalog Of(IEnumerable<GuardrailRule> rules) => new([.. rules.OrderBy(r => r.Id, StringComparer.Ordinal)]);

    private static ImmutableArray<GuardrailRule> Discover() =>
        [.. typeof(GuardrailRule).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.IsSubclassOf(typeof(GuardrailRule)))
            .Select(t => (GuardrailRule)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Id, StringComparer.Ordinal)];
}
