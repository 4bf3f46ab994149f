using System.Globalization;
using Infra.Access.Definition;

namespace Infra.Access.Diff;

/// <summary>The words every diff format shares, so Markdown, text and JSON never disagree.</summary>
internal static class DiffWording
{
    public static string Tier(Tier tier) => tier == Definition.Tier.Production ? "production" : "non-production";

    public static string Risk(Risk risk) => risk switch
    {
        Diff.Risk.Production => "production",
        Diff.Risk.Secret => "secret",
        Diff.Risk.Credential => "credential",
        Diff.Risk.Write => "write",
        Diff.Risk.ProductionReach => "production reach",
        _ => "new identity",
    };

    public static string Risks(IEnumerable<Risk> risks) => string.Join(", ", risks.Select(Risk));

    public static string Sign(Change change) => change == Change.Gained ? "+" : "-";

    public static string Status(IdentityStatus status) => status switch
    {
        IdentityStatus.Added => "new identity",
        IdentityStatus.Removed => "loses all access",
        _ => "changed",
    };

    /// <summary><c>+1 identity, -0 identities, +12 grants, -3 grants</c>, or why nothing changed.</summary>
    public static string Summary(EnvironmentDiff environment)
    {
        var status = environment.Status switch
        {
            EnvironmentStatus.Added => " (new environment)",
            EnvironmentStatus.Removed => " (environment removed)",
            _ => "",
        };
        // A finding an exception newly hides is named in the one line a reviewer reads first.
        var waived = (environment.WaivedIntroduced.IsEmpty ? "" : ", " + Count(environment.WaivedIntroduced.Length, "newly waived finding", "newly waived findings"))
            + (environment.WaiversExtended.IsEmpty ? "" : ", " + Count(environment.WaiversExtended.Length, "waiver extended", "waivers extended"));
        if (!environment.AccessChanged)
        {
            return "no access change" + waived + status;
        }

        var trust = environment.Identities.Count(i => !i.Trust.IsEmpty);
        var endpoints = (environment.Endpoints.IsEmpty ? "" : ", " + Count(environment.Endpoints.Length, "endpoint moved", "endpoints moved"))
            + (environment.Settings.IsEmpty ? "" : ", " + Count(environment.Settings.Length, "environment setting changed", "environment settings changed"));
        var network = environment.Network.Select(n => n.Namespace).Distinct(StringComparer.Ordinal).Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"+{Count(environment.IdentitiesAdded.Length, "identity", "identities")}, -{Count(environment.IdentitiesRemoved.Length, "identity", "identities")}, +{Count(environment.Gained, "grant", "grants")}, -{Count(environment.Lost, "grant", "grants")}")
            + (trust > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Count(trust, "trust change", "trust changes")}") : "")
            + (network > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Count(network, "namespace's network changed", "namespaces' network changed")}") : "")
            + endpoints + waived + status;
    }

    public static string Count(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many)}");
}
