using System.Text.RegularExpressions;

namespace Infra.Testing;

/// <summary>
/// The tests' own reading of "wildcard" over wire inputs, written apart from the production guard
/// so one cannot hide the other's mistake.
/// </summary>
internal static class Wildcards
{
    private const string AdmissionPolicyType = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";

    /// <summary>
    /// Every wildcard in the registered inputs: a '*', a Vault '+' path segment, or glob claim matching.
    /// Admission policies are left out: they grant nothing, they only deny. Their match constraints'
    /// '*' widens what is checked, and their CEL holds regular expressions ('*', '+') and messages.
    /// </summary>
    public static IEnumerable<string> In(IEnumerable<RegisteredResource> resources) =>
        resources.Where(r => r.Type != AdmissionPolicyType).SelectMany(r => r.AllStrings()
            .Where(s => s.Value.Contains('*', StringComparison.Ordinal)
                || Regex.IsMatch(s.Value, @"path ""([^""]*/)?\+(/[^""]*)?""")
                || (s.Path == ".boundClaimsType" && s.Value != "string"))
            .Select(s => $"{r.Type} {r.Name}: {s.Path} = {s.Value}"));
}
