using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Definition;
using Infra.Access.Format;

namespace Infra.Access.Diff;

/// <summary>
/// One field of the environment settings as the diff compares it: its path in the definition
/// format (<c>environment.cluster.platformNamespaces</c>), its value as text (lists sorted, so a
/// reordering is no change), and when a change widens access.
/// </summary>
/// <param name="Path">The field's path, as <see cref="DefinitionFormat.Environment"/> names it.</param>
/// <param name="Read">The value as text; empty when the field is absent.</param>
/// <param name="Widens">Whether the change from the first settings to the second widens access.</param>
/// <param name="Endpoint">The diff already shows the field as a moved endpoint (compared as the system compares it): not listed twice.</param>
internal sealed record SettingField(string Path, Func<EnvironmentSettings, string> Read, Func<EnvironmentSettings, EnvironmentSettings, bool> Widens, bool Endpoint = false);

/// <summary>
/// The fail-closed comparison of an environment's settings: every field of
/// <see cref="DefinitionFormat.Environment"/> is listed here (a test walks the format and fails on a
/// field this list does not name), and a changed one is shown as <c>environment setting changed</c>.
/// A change widens unless the field says in which direction it narrows: who may hold an identity, what
/// the guardrails protect, where audit goes. In production a widening setting is growth (exit 3).
/// </summary>
internal static class SettingsDiff
{
    public static ImmutableArray<SettingField> Fields { get; } =
    [
        Any("environment.name", s => s.Name),
        // Production is held to stricter guardrails (ceilings, approvals, audit): leaving it widens.
        new("environment.tier", s => DiffWording.Tier(s.Tier), (b, a) => b.Tier == Tier.Production && a.Tier != Tier.Production),
        Any("environment.cluster.name", s => s.Cluster.Name),
        Any("environment.cluster.resourceId", s => s.Cluster.ResourceId, endpoint: true),
        Any("environment.cluster.apiServerUrl", s => s.Cluster.ApiServerUrl, endpoint: true),
        Gains("environment.cluster.apiServerCidrs", s => s.Cluster.ApiServerCidrs),
        // Another runner namespace, or none, takes the runners' egress allowlist (and platform status) away from the one they run in.
        Any("environment.cluster.runnerNamespace", s => s.Cluster.RunnerNamespace ?? ""),
        // A name dropped from the platform's namespaces loses the guardrails that keep pipelines out of it (K8S014 and its kin).
        Loses("environment.cluster.platformNamespaces", s => s.Cluster.PlatformNamespaces),
        // A new service is one more platform namespace every pipeline may name as a network peer.
        Gains("environment.cluster.platformServices", s => s.Cluster.PlatformServices),
        Gains("environment.cluster.runnerEgress", s => [.. s.Cluster.RunnerEgress.Select(f => $"{f.Cidr} {string.Join(",", f.Ports.Order())}")]),
        Any("environment.cluster.kubernetesVersion", s => s.Cluster.KubernetesVersion?.ToString() ?? ""),
        Any("environment.ci.issuer", s => s.Ci.Issuer),
        Any("environment.ci.audience", s => s.Ci.Audience),
        Any("environment.ci.azureAudience", s => s.Ci.AzureAudience),
        Any("environment.ci.subjectTemplate", s => s.Ci.SubjectTemplate),
        Any("environment.ci.userClaim", s => s.Ci.UserClaim),
        Any("environment.ci.environment", s => s.Ci.Environment),
        Any("environment.ci.approvalEnvironment", s => s.Ci.ApprovalEnvironment ?? ""),
        // A shorter hold leaves less time to cancel an approved production job.
        new("environment.ci.approvalWaitTimer", s => Duration(s.Ci.ApprovalWaitTimer),
            (b, a) => (a.Ci.ApprovalWaitTimer ?? TimeSpan.Zero) < (b.Ci.ApprovalWaitTimer ?? TimeSpan.Zero)),
        // Judged on the owners in force (declared, else the default audience's): one more owner, or none at all, widens.
        new("environment.ci.repositoryOwners", s => List(s.Ci.RepositoryOwners), (b, a) => OwnersWiden(b.Ci.TrustedOwners(), a.Ci.TrustedOwners())),
        Any("environment.vault.address", s => s.Vault.Address, endpoint: true),
        Gains("environment.vault.cidrs", s => s.Vault.Cidrs),
        Any("environment.vault.jwtAuthPath", s => s.Vault.JwtAuthPath),
        Any("environment.vault.kubernetesSecretsPath", s => s.Vault.KubernetesSecretsPath),
        Gains("environment.vault.secretMounts", s => s.Vault.SecretMounts),
        // KV version 1 paths have no data/ prefix: the same path text names another secret.
        Any("environment.vault.kvV1Mounts", s => List(s.Vault.KvV1Mounts)),
        Any("environment.azure.subscriptionId", s => s.Azure?.SubscriptionId ?? ""),
        Any("environment.azure.resourceGroup", s => s.Azure?.ResourceGroup ?? ""),
        Any("environment.azure.location", s => s.Azure?.Location ?? ""),
        Any("environment.azure.registry.id", s => s.Azure?.Registry?.Id ?? "", endpoint: true),
        Any("environment.azure.registry.loginServer", s => s.Azure?.Registry?.LoginServer ?? ""),
        Gains("environment.azure.registry.cidrs", s => s.Azure?.Registry?.Cidrs ?? []),
        new("environment.tokenTtlCeiling", s => Duration(s.TokenTtlCeiling), (b, a) => a.TokenTtlCeiling > b.TokenTtlCeiling),
        new("environment.audit.retentionDays", s => s.Audit.RetentionDays.ToString(CultureInfo.InvariantCulture), (b, a) => a.Audit.RetentionDays < b.Audit.RetentionDays),
        new("environment.audit.immutableStorage", s => s.Audit.ImmutableStorage ? "true" : "false", (b, a) => b.Audit.ImmutableStorage && !a.Audit.ImmutableStorage),
        // Audit records sent to another workspace or account go to whoever holds that one.
        Any("environment.audit.logAnalyticsWorkspace", s => s.Audit.LogAnalyticsWorkspace ?? ""),
        Any("environment.audit.storageAccount", s => s.Audit.StorageAccount ?? ""),
        // An unlocked policy can still be shortened or deleted.
        new("environment.audit.immutabilityPolicy", s => s.Audit.ImmutabilityPolicy, (b, a) => a.Audit.ImmutabilityPolicy != AuditSettings.Locked),
        new("environment.audit.lockBy", s => Date(s.Audit.LockBy), (b, a) => a.Audit.LockBy is { } after && (b.Audit.LockBy is not { } before || after > before)),
        Loses("environment.audit.kubernetesCategories", s => s.Audit.KubernetesCategories),
        // A new or changed device is another sink of Vault's audit log, and its options decide what it records
        // in the clear (log_raw, hmac_accessor): widens. One removed is held by VLT012 (two in production).
        Gains("environment.audit.vaultDevices", s => [.. s.Audit.VaultDevices.Select(d =>
            $"{d.Path} {d.Type}{string.Concat(d.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $" {o.Key}={o.Value}"))}")]),
        // Which deployer registers a team's pipelines (its rows show too).
        Any("environment.teamDeployers", s => List(s.TeamDeployers)),
    ];

    /// <summary>
    /// The settings that changed, in <see cref="Fields"/> order, each as a <see cref="TrustChange"/>
    /// whose field is the setting's path. Endpoints are left to the endpoint comparison.
    /// </summary>
    public static ImmutableArray<TrustChange> Compare(EnvironmentSettings? before, EnvironmentSettings? after)
    {
        if (before is null || after is null)
        {
            return [];
        }

        var changes = ImmutableArray.CreateBuilder<TrustChange>();
        foreach (var field in Fields)
        {
            var (was, now) = (field.Read(before), field.Read(after));
            if (!field.Endpoint && was != now)
            {
                changes.Add(new TrustChange(field.Path, was.Length == 0 ? "none" : was, now.Length == 0 ? "none" : now, field.Widens(before, after)));
            }
        }

        return changes.ToImmutable();
    }

    private static SettingField Any(string path, Func<EnvironmentSettings, string> read, bool endpoint = false) =>
        new(path, read, (_, _) => true, endpoint);

    /// <summary>A list that widens when it gains an entry (more peers, more mounts, more flows).</summary>
    private static SettingField Gains(string path, Func<EnvironmentSettings, ImmutableArray<string>> items) =>
        new(path, s => List(items(s)), (b, a) => items(a).Except(items(b), StringComparer.Ordinal).Any());

    /// <summary>A list that widens when it loses an entry (fewer protected namespaces, fewer audit categories).</summary>
    private static SettingField Loses(string path, Func<EnvironmentSettings, ImmutableArray<string>> items) =>
        new(path, s => List(items(s)), (b, a) => items(b).Except(items(a), StringComparer.Ordinal).Any());

    private static bool OwnersWiden(ImmutableArray<string> before, ImmutableArray<string> after) =>
        (after.IsEmpty && !before.IsEmpty) || after.Except(before, UpstreamNames.GitHub).Any();

    private static string List(ImmutableArray<string> items) => string.Join(", ", items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static string Duration(TimeSpan? duration) => duration is { } d ? Patterns.FormatDuration(d) : "";

    private static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
}
