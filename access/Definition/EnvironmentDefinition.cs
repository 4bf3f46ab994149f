using System.Collections.Immutable;

namespace Infra.Access.Definition;

/// <summary>One environment's access definition: the settings and the pipeline catalog.</summary>
public sealed record EnvironmentDefinition(
    string File,
    EnvironmentSettings Environment,
    ImmutableArray<Pipeline> Pipelines,
    ImmutableArray<Waiver> Exceptions);

public sealed record EnvironmentSettings(
    string Name,
    Tier Tier,
    ClusterSettings Cluster,
    CiSettings Ci,
    VaultSettings Vault,
    AzureSettings? Azure,
    TimeSpan TokenTtlCeiling,
    AuditSettings Audit,
    SourceLocation Location)
{
    public bool IsProduction => Tier == Tier.Production;
}

/// <summary>
/// The cluster; <see cref="RunnerNamespace"/> is set when CI runners run inside it.
/// <see cref="PlatformNamespaces"/> belong to the platform (no pipeline owns or is granted anything
/// in them); <see cref="PlatformServices"/> are platform namespaces pipelines may name as network
/// peers (an ingress controller); <see cref="RunnerEgress"/> is what the runners reach beyond the
/// API server, Vault, the registry and DNS (the CI system and identity provider, or an egress proxy).
/// </summary>
public sealed record ClusterSettings(
    string Name,
    string ResourceId,
    string ApiServerUrl,
    ImmutableArray<string> ApiServerCidrs,
    string? RunnerNamespace,
    SourceLocation Location)
{
    public ImmutableArray<string> PlatformNamespaces { get; init; } = [];

    public ImmutableArray<string> PlatformServices { get; init; } = [];

    public ImmutableArray<NetworkFlow> RunnerEgress { get; init; } = [];

    /// <summary>The declared Kubernetes version (major.minor), or null: then 1.30 or later is assumed.</summary>
    public Version? KubernetesVersion { get; init; }
}

/// <summary>
/// The CI system's OIDC identity provider. <see cref="SubjectTemplate"/> has the placeholders
/// <c>{repository}</c> and <c>{environment}</c>; <see cref="ApprovalEnvironment"/> names the CI
/// environment that requires a human approval before a job (and so a token) exists.
/// </summary>
public sealed record CiSettings(
    string Issuer,
    string Audience,
    string AzureAudience,
    string SubjectTemplate,
    string UserClaim,
    string Environment,
    string? ApprovalEnvironment,
    SourceLocation Location)
{
    /// <summary>
    /// GitHub owners (organisations or users) whose repositories may hold this environment's
    /// identities. Empty: the owner GitHub's default audience names (<c>https://github.com/OWNER</c>).
    /// </summary>
    public ImmutableArray<string> RepositoryOwners { get; init; } = [];

    /// <summary>The owners repositories must belong to: the declared ones, else the default audience's owner; empty when neither says.</summary>
    public ImmutableArray<string> TrustedOwners()
    {
        if (!RepositoryOwners.IsEmpty)
        {
            return RepositoryOwners;
        }

        const string GitHub = "https://github.com/";
        var owner = Audience.StartsWith(GitHub, StringComparison.OrdinalIgnoreCase) ? Audience[GitHub.Length..].TrimEnd('/') : "";
        return owner.Length > 0 && !owner.Contains('/', StringComparison.Ordinal) ? [owner] : [];
    }
}

/// <summary>
/// The Vault mounts of the environment. <see cref="SecretMounts"/> are the KV mounts stages may read
/// or write, KV version 2 unless also listed in <see cref="KvV1Mounts"/>. None of them is, or lies
/// above or below, the Kubernetes secrets engine or the JWT auth path (the loader refuses it).
/// </summary>
public sealed record VaultSettings(
    string Address,
    ImmutableArray<string> Cidrs,
    string JwtAuthPath,
    string KubernetesSecretsPath,
    ImmutableArray<string> SecretMounts,
    SourceLocation Location)
{
    /// <summary>The secret mounts that are KV version 1 engines; every other secret mount is KV version 2.</summary>
    public ImmutableArray<string> KvV1Mounts { get; init; } = [];

    public KvVersion VersionOf(string mount) => KvV1Mounts.Contains(mount) ? KvVersion.V1 : KvVersion.V2;

    /// <summary>The secret mount <paramref name="path"/> lies under (compared on segments), or null.</summary>
    public string? SecretMountOf(string path)
    {
        foreach (var mount in SecretMounts)
        {
            if (VaultTopology.IsUnder(path, mount))
            {
                return mount;
            }
        }

        return null;
    }
}

public sealed record AzureSettings(
    string SubscriptionId,
    string ResourceGroup,
    string Location,
    RegistrySettings? Registry,
    SourceLocation SourceLocation);

public sealed record RegistrySettings(string Id, string LoginServer, ImmutableArray<string> Cidrs, SourceLocation Location)
{
    /// <summary>The registry's resource name: the last segment of its ARM id.</summary>
    public string Name => Id[(Id.LastIndexOf('/') + 1)..];
}

public sealed record AuditSettings(
    int RetentionDays,
    bool ImmutableStorage,
    string? LogAnalyticsWorkspace,
    string? StorageAccount,
    ImmutableArray<string> KubernetesCategories,
    ImmutableArray<VaultAuditDevice> VaultDevices,
    SourceLocation Location);

/// <summary>A Vault audit device: <c>type</c> is file, socket or syslog; options as Vault takes them.</summary>
public sealed record VaultAuditDevice(string Path, string Type, ImmutableSortedDictionary<string, string> Options, SourceLocation Location);
