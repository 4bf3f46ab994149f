using System.Collections.Immutable;

namespace Infra.Access.Rules.Reporting;

/// <summary>
/// What a SARIF log says about where it came from. The core knows none of it: the CLI reads the CI's
/// environment and the file system and passes the answers here.
/// </summary>
/// <param name="HelpBaseUri">
/// Absolute URI (ending in '/') under which the repository's files are browsable, e.g.
/// <c>https://github.com/ORG/REPO/blob/SHA/</c>; rule help links are <c>HelpBaseUri + docs/rules/ID.md</c>.
/// Null: no <c>helpUri</c> and no <c>informationUri</c> (SARIF makes both optional; a relative one is not a URI).
/// </param>
/// <param name="ToolVersion">The tool's version (SemVer 2.0, e.g. <c>1.0.0</c> or <c>1.0.0+abc123</c>).</param>
/// <param name="Category">
/// The run's category (<c>runAutomationDetails.id</c> is <c>Category + "/"</c>): code scanning keeps
/// alerts of one category apart from other analyses of the same commit.
/// </param>
/// <param name="ArtifactUris">
/// The artifact URI of each definition file, keyed by the file name as the findings carry it: relative
/// to the repository root, so code scanning finds the file. A file not listed keeps its name.
/// </param>
public sealed record SarifOptions(
    string? HelpBaseUri = null,
    string ToolVersion = SarifOptions.DefaultVersion,
    string Category = SarifOptions.DefaultCategory,
    ImmutableDictionary<string, string>? ArtifactUris = null)
{
    public const string DefaultVersion = "0.0.0";
    public const string DefaultCategory = "access/check";

    /// <summary>The rule's docs page as an absolute URI, or null when no base is known.</summary>
    public string? HelpUri(GuardrailRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return HelpBaseUri is null ? null : HelpBaseUri + rule.HelpUri;
    }

    public string ArtifactUri(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return ArtifactUris is not null && ArtifactUris.TryGetValue(file, out var uri) ? uri : file.Replace('\\', '/');
    }

    /// <summary>SARIF's <c>semanticVersion</c>: the version without build metadata (the part after '+').</summary>
    public string SemanticVersion => ToolVersion.Split('+')[0];
}
