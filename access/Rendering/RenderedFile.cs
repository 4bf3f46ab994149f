namespace Infra.Access.Rendering;

/// <summary>One output file of a renderer: a relative path with '/' separators, and its text ('\n' line endings).</summary>
public sealed record RenderedFile(string Path, string Content);
