namespace Infra.Access.Loading;

/// <summary>
/// Bounds on the input so a hostile file is refused in bounded time and memory.
/// The defaults fit a catalog of several thousand pipelines with room to spare.
/// </summary>
public sealed record LoadLimits(int MaxCharacters, int MaxDepth, int MaxScalarLength, int MaxNodes)
{
    public static LoadLimits Default { get; } = new(
        MaxCharacters: 16 * 1024 * 1024,
        MaxDepth: 24,
        MaxScalarLength: 4096,
        MaxNodes: 4_000_000);
}
