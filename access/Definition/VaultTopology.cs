using System.Collections.Immutable;

namespace Infra.Access.Definition;

/// <summary>The version of a KV secrets engine: it decides which API paths hold secret values.</summary>
public enum KvVersion
{
    /// <summary>KV version 1: a secret is read and written at <c>&lt;mount&gt;/&lt;name&gt;</c>.</summary>
    V1 = 1,

    /// <summary>KV version 2: secret values live at <c>&lt;mount&gt;/data/&lt;name&gt;</c>; its other endpoints manage versions and metadata.</summary>
    V2 = 2,
}

/// <summary>
/// How Vault lays out the paths this tool grants, shared by the loader (definition-level mistakes,
/// located) and the guardrails (the same facts checked again on the plan, so a planner bug or an
/// edited plan is caught too). Vault compares mount paths as case-sensitive strings, segment by
/// segment; the format only accepts mounts of lower-case segments without leading or trailing '/',
/// so an ordinal comparison on '/'-joined segments is Vault's comparison.
/// </summary>
public static class VaultTopology
{
    /// <summary>
    /// Segments that name Vault's own machinery: <c>sys</c> (policies, mounts, audit), <c>auth</c>
    /// (auth methods and their roles), <c>identity</c> (entities, groups and their policies) and
    /// <c>cubbyhole</c> (per-token storage, never a shared secret). Refused anywhere in a path, not
    /// only first: under Vault Enterprise namespaces <c>ns1/sys/policies/acl/x</c> is ns1's sys/.
    /// </summary>
    public static ImmutableArray<string> ReservedSegments { get; } = ["sys", "auth", "identity", "cubbyhole"];

    /// <summary>
    /// The first segments of KV version 2's endpoints. Only <c>data/</c> holds secret values; the
    /// others read or change versions, metadata and mount settings, which no capability grants.
    /// </summary>
    public static ImmutableArray<string> KvV2Endpoints { get; } = ["config", "data", "delete", "destroy", "metadata", "subkeys", "undelete"];

    /// <summary>The path Vault's Kubernetes secrets engine mints a stage's token at: <c>&lt;engine&gt;/creds/&lt;role&gt;</c>.</summary>
    public static string CredsPath(string kubernetesSecretsPath, string role) => $"{kubernetesSecretsPath}/creds/{role}";

    /// <summary>
    /// The first reserved segment of <paramref name="path"/>, or null. Compared ignoring case: a
    /// secret called <c>Sys</c> is refused too, which costs nothing and leaves no doubt.
    /// </summary>
    public static string? ReservedSegment(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // Segments are compared in place: the guardrails ask this for every path of a catalog.
        var rest = path.AsSpan();
        while (true)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            foreach (var reserved in ReservedSegments)
            {
                if (segment.Equals(reserved, StringComparison.OrdinalIgnoreCase))
                {
                    return segment.ToString();
                }
            }

            if (slash < 0)
            {
                return null;
            }

            rest = rest[(slash + 1)..];
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is <paramref name="mount"/> or lies below it, compared on
    /// segments: <c>kv-prod-2/x</c> is not under <c>kv-prod</c>. Empty segments (a leading, trailing
    /// or doubled '/') are ignored, so <c>/kv-prod//x</c> counts as under <c>kv-prod</c>; whether
    /// such a path is acceptable at all is <see cref="IsExact"/>'s question.
    /// </summary>
    public static bool IsUnder(string path, string mount)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mount);
        var p = Segments(path);
        var m = Segments(mount);
        if (m.Length == 0 || p.Length < m.Length)
        {
            return false;
        }

        for (var i = 0; i < m.Length; i++)
        {
            if (!string.Equals(p[i], m[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether one of two mount paths is, or lies under, the other; Vault refuses to mount either way.</summary>
    public static bool Overlaps(string a, string b) => IsUnder(a, b) || IsUnder(b, a);

    /// <summary>The segments of <paramref name="path"/> after <paramref name="mount"/>; call only when <see cref="IsUnder"/>.</summary>
    public static string[] Below(string path, string mount) => Segments(path)[Segments(mount).Length..];

    /// <summary>
    /// Whether a path is written the one way Vault reads it: no leading, trailing or doubled '/', no
    /// '.' or '..' segment, no glob. Anything else might be read differently by a reviewer and Vault.
    /// </summary>
    public static bool IsExact(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length > 0
            && !path.Contains('*', StringComparison.Ordinal)
            && !path.Contains('+', StringComparison.Ordinal)
            && path.Split('/').All(s => s.Length > 0 && s is not ("." or ".."));
    }

    /// <summary>
    /// What is wrong with a secret path that lies under a secret mount, or null. KV version 2 serves
    /// secret values at <c>&lt;mount&gt;/data/&lt;name&gt;</c> only. KV version 1 has no such prefix,
    /// but a version 1 mount can be upgraded in place to version 2, after which a path starting with
    /// one of version 2's endpoint names would reach that endpoint: those first segments are refused too.
    /// </summary>
    public static string? SecretPathProblem(string path, string mount, KvVersion version)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(mount);
        var below = Below(path, mount);
        if (version == KvVersion.V2)
        {
            return below.Length >= 2 && below[0] == "data"
                ? null
                : $"'{path}' is not a secret of the KV version 2 mount '{mount}': secret values are at '{mount}/data/<name>'; "
                  + "its metadata/, delete/, undelete/, destroy/, subkeys/ and config endpoints are refused (no capability grants them)";
        }

        return below.Length == 0
            ? $"'{path}' names the KV version 1 mount '{mount}' itself, not a secret under it"
            : KvV2Endpoints.Contains(below[0])
                ? $"'{path}' starts with '{below[0]}/' under the KV version 1 mount '{mount}': upgraded to version 2, the mount would serve it as an endpoint, not a secret"
                : null;
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);
}
