namespace Infra.Access.Rules.Isolation;

/// <summary>
/// How the systems behind the isolation rules compare what two environments name, so that two
/// spellings of one thing (case, trailing slashes, default ports) count as the same thing. Each
/// function returns a key: equal keys mean the same object, and a key that starts with another key
/// followed by <c>/</c> lies inside it. When the upstream comparison is unclear, the key errs
/// towards "the same" (a false alarm costs a rename; a missed share costs an environment).
/// </summary>
internal static class SharedKeys
{
    /// <summary>
    /// An Azure Resource Manager id or scope. ARM compares ids ignoring case, and clients accept a
    /// trailing or doubled <c>/</c>: <c>/SUBSCRIPTIONS/x/resourcegroups/rg/</c> is <c>/subscriptions/X/resourceGroups/RG</c>.
    /// </summary>
    public static string ArmId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return "/" + string.Join('/', segments).ToUpperInvariant();
    }

    /// <summary>The subscription an ARM id lies in (its <c>/subscriptions/{id}</c> prefix), or null when it names none.</summary>
    public static string? SubscriptionOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var segments = id.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return segments.Length >= 2 && string.Equals(segments[0], "subscriptions", StringComparison.OrdinalIgnoreCase) ? segments[1] : null;
    }

    /// <summary>Whether two subscription ids are the same subscription: GUIDs, compared ignoring case and braces.</summary>
    public static bool SameSubscription(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Guid.TryParse(a, out var x) && Guid.TryParse(b, out var y) ? x == y : string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A Vault path (a mount, or a policy path under one): leading, trailing and doubled <c>/</c>
    /// dropped. Vault itself compares paths case-sensitively; the key ignores case, so that
    /// <c>KV-Prod</c> beside <c>kv-prod</c> is reported rather than trusted to stay apart.
    /// </summary>
    public static string VaultPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToUpperInvariant();
    }

    /// <summary>An auth mount lives under <c>auth/</c> in Vault's one path space: <c>jwt-ci-prod</c> is <c>auth/jwt-ci-prod</c>.</summary>
    public static string VaultAuthMount(string path) => VaultPath("auth/" + path);

    /// <summary>
    /// A URL (Vault address, API server): scheme and host ignoring case, the host's trailing dot
    /// dropped, the scheme's default port made explicit, the path without a trailing <c>/</c>.
    /// Text that is no absolute URL is compared trimmed and ignoring case.
    /// </summary>
    public static string Endpoint(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.IsFile)
        {
            return text.TrimEnd('/').ToUpperInvariant();
        }

        var host = uri.IdnHost.TrimEnd('.').ToUpperInvariant();
        var path = uri.AbsolutePath.TrimEnd('/').ToUpperInvariant();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{uri.Scheme.ToUpperInvariant()}://{host}:{uri.Port}{path}");
    }

    /// <summary>
    /// A name the upstream system compares ignoring case: GitHub environment names, CI subjects
    /// (built from case-insensitive GitHub names), AKS cluster names, registry login servers (DNS).
    /// </summary>
    public static string Name(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().TrimEnd('.').ToUpperInvariant();
    }
}
