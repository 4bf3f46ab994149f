using System.Text.RegularExpressions;

namespace Infra.Testing;

/// <summary>
/// The tests' own reading of "wildcard" over wire inputs, written apart from the production guard
/// so one cannot hide the other's mistake.
/// </summary>
internal static class Wildcards
{
    /// <summary>Every wildcard in the registered inputs: a '*', a Vault '+' path segment, or glob claim matching.</summary>
    public static IEnumerable<string> In(IEnumerable<RegisteredResource> resources) =>
        resources.SelectMany(r => r.AllStrings()
            .Where(s => s.Value.Contains('*', StringComparison.Ordinal)
                || Regex.IsMatch(s.Value, @"path ""([^""]*/)?\+(/[^""]*)?""")
                || (s.Path == ".boundClaimsType" && s.Value != "string"))
            .Select(s => $"{r.Type} {r.Name}: {s.Path} = {s.Value}"));
}
