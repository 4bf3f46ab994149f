namespace Infra.Components.Validation;

/// <summary>The text of one environment definition and the file name its locations are reported against.</summary>
/// <param name="File">The file name, e.g. <c>stacks/prod.yaml</c>.</param>
/// <param name="Text">The YAML text.</param>
public sealed record DefinitionText(string File, string Text);
