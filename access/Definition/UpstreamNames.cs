namespace Infra.Access.Definition;

/// <summary>
/// How each upstream system compares the names a definition holds. A comparison that is stricter
/// than the system's lets two spellings of one thing pass as two things: <c>Alice-Payments</c> and
/// <c>alice-payments</c> are one GitHub account, so separation of duties and every identity
/// comparison must use the comparer of the system the name lives in, from here.
/// </summary>
public static class UpstreamNames
{
    /// <summary>
    /// GitHub logins, team slugs, organisation and repository names (<c>owner/repo</c>) and
    /// environment names: GitHub treats them case-insensitively (it resolves any casing to one account
    /// or repository).
    /// </summary>
    public static StringComparer GitHub { get; } = StringComparer.OrdinalIgnoreCase;

    /// <summary>
    /// What a CI token carries (subject, repository, environment, ref and workflow_ref claims), for
    /// deciding whether two roles accept the same token. The repository and environment parts are
    /// GitHub names (case-insensitive); refs are case-sensitive in git, but a collision check must
    /// over-approximate, so the whole value is compared ignoring case.
    /// </summary>
    public static StringComparer CiToken { get; } = StringComparer.OrdinalIgnoreCase;

    /// <summary>Kubernetes object and namespace names: DNS-1123 (lower-case) and compared exactly.</summary>
    public static StringComparer Kubernetes { get; } = StringComparer.Ordinal;

    /// <summary>Vault paths, mounts, role and policy names: case-sensitive in Vault.</summary>
    public static StringComparer Vault { get; } = StringComparer.Ordinal;

    /// <summary>Azure resource ids, resource group and resource names: Azure Resource Manager ignores case.</summary>
    public static StringComparer Azure { get; } = StringComparer.OrdinalIgnoreCase;
}
