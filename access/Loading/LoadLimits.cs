namespace Infra.Access.Loading;

/// <summary>
/// Bounds on the input so a hostile file is refused in bounded time and memory.
/// The defaults fit a catalog of several thousand pipelines with room to spare.
/// </summary>
/// <remarks>
/// <c>MaxErrors</c>: errors kept per file; the rest are counted, not kept (see <see cref="LoadResult.OmittedErrors"/>),
/// so a file of a million mistakes costs a counter and its report stays readable.
/// </remarks>
public sealed record LoadLimits(int MaxCharacters, int MaxDepth, int MaxScalarLength, int MaxNodes, int MaxErrors = 1000)
{
    public static LoadLimits Default { get; } = new(
        MaxCharacters: 16 * 1024 * 1024,
        MaxDepth: 24,
        MaxScalarLength: 4096,
        MaxNodes: 4_000_000,
        MaxErrors: 1000);
}
