using System.Collections.Frozen;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Infra.Access.Format;

/// <summary>Name and value rules shared by the format, with the words errors use for them.</summary>
public static partial class Patterns
{
    public const string Dns1123Label = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
    public const string Dns1123LabelHint = "a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)";
    public const string Dns1123Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public const string Dns1123SubdomainHint = "a DNS-1123 subdomain (lower-case letters, digits, '-' and '.')";
    public const string Duration = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
    public const string DurationHint = "a duration such as 90s, 15m or 1h30m";
    public const string Date = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    public const string Person = "^[A-Za-z0-9]([A-Za-z0-9-]{0,37}[A-Za-z0-9])?$";
    public const string PersonHint = "a CI user name (letters, digits and '-')";
    public const string Principal = "^([A-Za-z0-9]([A-Za-z0-9-]{0,37}[A-Za-z0-9])?|@[A-Za-z0-9]([A-Za-z0-9-]{0,37}[A-Za-z0-9])?/[A-Za-z0-9][A-Za-z0-9_-]{0,99})$";
    public const string PrincipalHint = "a GitHub login (letters, digits and '-') or a team as @owner/team-slug";
    public const string Repository = "^[A-Za-z0-9][A-Za-z0-9-]{0,38}/(?!\\.\\.?$)[A-Za-z0-9._-]{1,100}$";
    public const string RepositoryHint = "owner/name of a CI repository";
    public const string WorkflowFile = "^\\.github/workflows/[A-Za-z0-9_-][A-Za-z0-9._-]*\\.ya?ml$";
    public const string WorkflowFileHint = "a workflow file such as .github/workflows/deploy.yml";
    public const string GitRef = "^refs/(heads|tags)/[A-Za-z0-9._/-]+$";
    public const string GitRefHint = "a full git ref such as refs/heads/main (no globs)";
    public const string SubscriptionGuid = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public const string VaultMount = "^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$";
    public const string VaultMountHint = "a Vault mount path without leading or trailing '/' (lower-case letters, digits, '_' and '-')";
    public const string VaultPath = "^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$";
    public const string ImageRepository = "^[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*$";
    public const string ImageRepositoryHint = "a registry repository name (lower-case letters, digits, '.', '_', '-' and '/')";
    public const string Https = "^https://[^\\s*]+$";
    public const string HttpsHint = "an https:// URL";
    public const string RuleId = "^[A-Z][A-Z0-9]{1,4}[0-9]{3,4}$";
    public const string RuleIdHint = "a rule ID such as K8S001";
    public const string ClusterId = "^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[A-Za-z0-9._()-]+/providers/Microsoft\\.ContainerService/managedClusters/[A-Za-z0-9_-]+$";
    public const string ClusterIdHint = "the ARM id of an AKS cluster (/subscriptions/.../providers/Microsoft.ContainerService/managedClusters/NAME)";
    public const string RegistryId = "^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[A-Za-z0-9._()-]+/providers/Microsoft\\.ContainerRegistry/registries/[A-Za-z0-9]+$";
    public const string RegistryIdHint = "the ARM id of a container registry (/subscriptions/.../providers/Microsoft.ContainerRegistry/registries/NAME)";
    public const string Cidr = "^[0-9a-fA-F.:]+/[0-9]{1,3}$";

    /// <summary>Parses a duration such as <c>1h30m</c>; null when malformed or zero.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = DurationRegex().Match(text);
        if (text.Length == 0 || !match.Success)
        {
            return null;
        }

        long seconds = 0;
        foreach (var (group, factor) in new[] { ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            var value = match.Groups[group].Value;
            if (value.Length > 0)
            {
                if (value.Length > 7)
                {
                    return null;
                }

                seconds += long.Parse(value, CultureInfo.InvariantCulture) * factor;
            }
        }

        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>Formats a duration the way the format writes it: <c>1h30m</c>, <c>15m</c>, <c>45s</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var total = (long)duration.TotalSeconds;
        var text = "";
        if (total >= 3600)
        {
            text += (total / 3600).ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (total % 3600 >= 60)
        {
            text += (total % 3600 / 60).ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (total % 60 > 0 || total == 0)
        {
            text += (total % 60).ToString(CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }

    public static string? CheckCidr(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // IPNetwork.TryParse accepts 10.0.0.1/24 (it masks the host bits); a CIDR block written
        // that way is a typo or a misunderstanding, so the address must be the network's own.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPNetwork.TryParse(text, out var network)
            || slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !address.Equals(network.BaseAddress))
        {
            return $"'{text}' is not a CIDR block such as 10.0.0.0/24 (host bits must be zero)";
        }

        if (!text.AsSpan(0, slash).Contains(':') && !IsDottedQuad(text.AsSpan(0, slash)))
        {
            // .NET reads 10.1/16, 167772160/8 and 010.0.0.0/8 (octal) as addresses; Kubernetes (Go's
            // ParseCIDR) refuses them or reads them otherwise. Only the form both read alike is accepted.
            return $"'{text}' is not written as four decimal octets without leading zeros (such as 10.0.0.0/24)";
        }

        return network.PrefixLength == 0 ? $"'{text}' allows every address; name a narrower block" : null;
    }

    /// <summary>Four decimal octets, 0 to 255, without leading zeros.</summary>
    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var octets = 0;
        foreach (var range in text.Split('.'))
        {
            var octet = text[range];
            octets++;
            if (octets > 4 || octet.Length is 0 or > 3 || (octet.Length > 1 && octet[0] == '0')
                || !int.TryParse(octet, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 255)
            {
                return false;
            }
        }

        return octets == 4;
    }

    public static string? CheckDate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"'{text}' is not a date written as YYYY-MM-DD";
    }

    /// <summary>Vault paths name exact secrets: no globs, no traversal, no empty segments.</summary>
    public static string? CheckVaultPath(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Contains('*', StringComparison.Ordinal) || text.Contains('+', StringComparison.Ordinal))
        {
            return $"'{text}' holds a glob ('*' or '+'); name the exact secret path";
        }

        if (text.Split('/').Any(s => s is ".." or "."))
        {
            return $"'{text}' holds a '.' or '..' segment; name the exact secret path";
        }

        if (Definition.VaultTopology.ReservedSegment(text) is { } reserved)
        {
            return $"'{text}' holds the reserved Vault segment '{reserved}' (sys, auth, identity and cubbyhole are refused anywhere in a path)";
        }

        return VaultPathRegex().IsMatch(text)
            ? null
            : $"'{text}' is not a Vault path (letters, digits, '_', '-', '.' segments separated by single '/', no leading or trailing '/')";
    }

    /// <summary>
    /// Whether YAML 1.2's core schema reads <paramref name="text"/>, written plain, as a number
    /// (decimal, octal, hexadecimal, float, infinity or NaN) rather than a string.
    /// </summary>
    public static bool IsCoreSchemaNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // Every such number starts with a digit, a sign or a dot; most names do not, and this check
        // is cheaper than the expression for every string of a catalog.
        return text.Length > 0 && text[0] is (>= '0' and <= '9') or '-' or '+' or '.' && CoreSchemaNumberRegex().IsMatch(text);
    }

    /// <summary>
    /// Whether <paramref name="text"/> matches <paramref name="pattern"/>. The patterns a catalog
    /// checks on every pipeline and stage match through source-generated regexes; any other goes
    /// through <see cref="Regex"/>'s cache, which interprets it and looks it up on every call.
    /// </summary>
    public static bool IsMatch(string text, string pattern)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(pattern);
        return Matchers.TryGetValue(pattern, out var regex)
            ? regex.IsMatch(text)
            : Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static readonly FrozenDictionary<string, Regex> Matchers = new Dictionary<string, Regex>(StringComparer.Ordinal)
    {
        [Dns1123Label] = Dns1123LabelRegex(),
        [Dns1123Subdomain] = Dns1123SubdomainRegex(),
        [Duration] = DurationPatternRegex(),
        [Person] = PersonRegex(),
        [Principal] = PrincipalRegex(),
        [Repository] = RepositoryRegex(),
        [WorkflowFile] = WorkflowFileRegex(),
        [GitRef] = GitRefRegex(),
        [ImageRepository] = ImageRepositoryRegex(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [GeneratedRegex(Dns1123Label, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex(Dns1123Subdomain, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex(Duration, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DurationPatternRegex();

    [GeneratedRegex(Person, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PersonRegex();

    [GeneratedRegex(Principal, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PrincipalRegex();

    [GeneratedRegex(Repository, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex RepositoryRegex();

    [GeneratedRegex(WorkflowFile, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex WorkflowFileRegex();

    [GeneratedRegex(GitRef, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GitRefRegex();

    [GeneratedRegex(ImageRepository, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ImageRepositoryRegex();

    [GeneratedRegex("^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex DurationRegex();

    [GeneratedRegex("^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CoreSchemaNumberRegex();

    [GeneratedRegex(VaultPath, RegexOptions.CultureInvariant, 1000)]
    private static partial Regex VaultPathRegex();
}
