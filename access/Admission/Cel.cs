using System.Text;

namespace Infra.Access.Admission;

/// <summary>
/// Building blocks of the admission CEL. Kubernetes passes <c>object</c> and <c>oldObject</c> as
/// plain maps (declared <c>dyn</c>), absent optional fields are absent keys, and reading an absent
/// key is an evaluation error that <c>failurePolicy: Fail</c> turns into a denial. So every optional
/// field is read behind <c>has()</c>, and only the standard CEL library is used (no Kubernetes
/// extension, no optional types), so the test engine judges exactly what the API server runs.
/// </summary>
public static class Cel
{
    /// <summary>Metadata the API server itself changes on every update (field manager, version, generation).</summary>
    public static readonly string[] ServerManagedMetadata = ["generation", "managedFields", "resourceVersion"];

    /// <summary>A CEL string literal.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append("\\\\"),
                '\'' => text.Append("\\'"),
                '\n' => text.Append("\\n"),
                _ => text.Append(c),
            };
        }

        return text.Append('\'').ToString();
    }

    /// <summary>A CEL list of string literals.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Quote)) + "]";

    /// <summary>The map at <paramref name="field"/> of <paramref name="owner"/>, or an empty map when the key is absent.</summary>
    public static string MapOrEmpty(string owner, string field) => $"(has({owner}.{field}) ? {owner}.{field} : {{}})";

    /// <summary>
    /// Two maps hold the same keys with the same values, except <paramref name="except"/>. Written over
    /// keys, not field names, so a field a later Kubernetes version adds is held equal too.
    /// </summary>
    /// <remarks>
    /// Key presence is asked with <c>exists</c>, not <c>in</c>: both mean the same in Kubernetes
    /// (cel-go), but the test engine (@bufbuild/cel 0.6.1) takes a key whose value is null (the
    /// <c>creationTimestamp: null</c> of every pod template) for an absent one, and the tests must
    /// judge the very text the API server runs.
    /// </remarks>
    public static string EqualExcept(string left, string right, params string[] except)
    {
        if (except.Length == 0)
        {
            return $"{left} == {right}";
        }

        var keys = List(except.Order(StringComparer.Ordinal));
        return $"{left}.all(k, k in {keys} || ({right}.exists(j, j == k) && {left}[k] == {right}[k])) && {right}.all(k, k in {keys} || {left}.exists(j, j == k))";
    }

    /// <summary>The request is on the object itself, not a subresource (absent, or empty, subResource).</summary>
    public const string NoSubresource = "(!has(request.subResource) || request.subResource == '')";

    /// <summary>The request's namespace (absent for cluster-scoped objects) is <paramref name="ns"/>.</summary>
    public static string InNamespace(string ns) => $"has(request.namespace) && request.namespace == {Quote(ns)}";

    /// <summary>The request names one of <paramref name="names"/> (absent for a CREATE with generateName).</summary>
    public static string Named(IEnumerable<string> names) => $"has(request.name) && request.name in {List(names)}";

    /// <summary>The request's operation, API group and resource.</summary>
    public static string Target(string operation, string group, string resource) =>
        $"request.operation == {Quote(operation)} && request.resource.group == {Quote(group)} && request.resource.resource == {Quote(resource)}";

    /// <summary>Every container of a pod spec, init containers first.</summary>
    public static string AllContainers(string podSpec) => $"((has({podSpec}.initContainers) ? {podSpec}.initContainers : []) + {podSpec}.containers)";

    /// <summary>
    /// An image reference from <paramref name="loginServer"/>, pinned by digest when
    /// <paramref name="digest"/>. With <paramref name="repositories"/>, only from those repositories
    /// (exactly: not a longer name, not a path below one); empty, no image qualifies. No registry
    /// declared: no image qualifies.
    /// </summary>
    /// <remarks>
    /// The registry is matched as the reference's first component followed by '/': a port, another
    /// case or a look-alike host is another registry to the container runtime, and is refused.
    /// Repository names are lower case (the loader's pattern), as image references require.
    /// </remarks>
    public static string ImageAllowed(string image, string? loginServer, IReadOnlyCollection<string>? repositories, bool digest)
    {
        if (loginServer is null || repositories is { Count: 0 })
        {
            return "false";
        }

        if (repositories is null && !digest)
        {
            return $"{image}.startsWith({Quote(loginServer + "/")})";
        }

        // RE2 and ECMAScript read this pattern alike: a repository path, an optional tag, then the digest.
        var path = repositories is null
            ? "[a-z0-9]+([._/-][a-z0-9]+)*"
            : "(" + string.Join("|", repositories.Order(StringComparer.Ordinal).Select(EscapeRegex)) + ")";
        var pattern = "^" + EscapeRegex(loginServer) + "/" + path + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?" + (digest ? "@sha256:[0-9a-f]{64}$" : "(@sha256:[0-9a-f]{64})?$");
        return $"{image}.matches({Quote(pattern)})";
    }

    /// <summary>The pod spec mounts no Secret and no projected Secret or ServiceAccount token, and no container reads a Secret into its environment.</summary>
    public static string NoSecrets(string podSpec) =>
        $"(!has({podSpec}.volumes) || {podSpec}.volumes.all(v, !has(v.secret) && (!has(v.projected) || !has(v.projected.sources) || v.projected.sources.all(s, !has(s.secret) && !has(s.serviceAccountToken))))) && "
        + $"{AllContainers(podSpec)}.all(c, (!has(c.envFrom) || c.envFrom.all(e, !has(e.secretRef))) && (!has(c.env) || c.env.all(e, !has(e.valueFrom) || !has(e.valueFrom.secretKeyRef))))";

    private static string EscapeRegex(string text)
    {
        var escaped = new StringBuilder(text.Length * 2);
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '/')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
