using Infra.Access.Definition;

namespace Infra.Access.Cli;

/// <summary>
/// Full collections between the phases of a command on a large catalog. Reading a file builds a
/// YAML tree that lives until the model is bound, and a diff side's definition and plan live until
/// its rows are taken: long enough for the GC to promote them to its oldest generation, where they
/// stay, dead, while the next phase allocates beside them, until a full collection happens on its
/// own. Collecting at these points keeps the peak of a command near that of its largest phase
/// (docs/performance.md). The CLI does this, not the core: the core keeps no process-wide state.
/// </summary>
internal static class Memory
{
    /// <summary>Below this many pipelines a phase leaves too little garbage to be worth a full collection.</summary>
    public const int LargeCatalog = 500;

    public static bool IsLarge(EnvironmentDefinition? definition) => definition is { Pipelines.Length: >= LargeCatalog };

    /// <summary>
    /// Call only where what is dropped is out of reach: after the method that held it returned,
    /// since a method the JIT has not optimized yet keeps every local alive until it returns.
    /// Aggressive: the collection also hands the emptied regions back to the system, so the next
    /// phase starts from what is live (a diff of two 4,000-pipeline catalogs peaks ~3 MiB lower).
    /// </summary>
    public static void Collect() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
