using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace Infra.Access.Rules.Azure;

/// <summary>AZR010: production federated credentials trust GitHub's token issuer, nobody else's.</summary>
public sealed partial class ProductionGitHubIssuerRule : GuardrailRule
{
    public override string Id => "AZR010";
    public override string Name => "production-github-issuer";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Azure;
    public override bool Waivable => false;
    public override string Summary => "In production, ci.issuer (the issuer every federated credential trusts) is GitHub's Actions token issuer: https://token.actions.githubusercontent.com, or its enterprise form https://token.actions.githubusercontent.com/ENTERPRISE.";
    public override string Description => "AZR005 keeps each credential on the configured issuer, but the configured issuer is itself a line of the definition. Whoever runs the issuer mints tokens with any subject, so an issuer URL the pull request's author controls hands them every production managed identity while no grant and no subject changes. The subject grammar (repo:{repository}:environment:{environment}) is GitHub's, so is the issuer.";
    public override string Recommendation => "Set ci.issuer to https://token.actions.githubusercontent.com (or GitHub Enterprise Cloud's https://token.actions.githubusercontent.com/ENTERPRISE when the enterprise uses a unique issuer).";
    public override string Example => "ci:\n  issuer: https://token.actions.githubusercontent.com";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.AzureFederatedCredentials];

    /// <summary>GitHub's issuer, or GitHub Enterprise Cloud's per-enterprise issuer (an enterprise slug as the one path segment).</summary>
    [GeneratedRegex("^https://token\\.actions\\.githubusercontent\\.com(/[a-z0-9][a-z0-9-]{0,62})?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GitHubIssuer();

    public static bool IsGitHubIssuer(string issuer) => GitHubIssuer().IsMatch(issuer) && !issuer.EndsWith('\n');

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ci = context.Environment.Ci;
        if (context.IsProduction && !IsGitHubIssuer(ci.Issuer))
        {
            yield return Found(context, "environment", Messages.NotGitHubIssuer(ci.Issuer), ci.Location);
        }
    }
}
