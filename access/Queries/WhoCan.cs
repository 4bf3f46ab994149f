using System.Collections.Immutable;
using System.Text;
using Infra.Access.Catalog;
using Infra.Access.Deployer;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rendering;

namespace Infra.Access.Queries;

/// <summary>
/// A who-can question: <see cref="Verb"/> on <see cref="Resource"/>, optionally in one namespace
/// and one environment. Kubernetes resources read <c>TYPE[.GROUP][/SUBRESOURCE][/NAME]</c> as
/// kubectl spells them (<c>deployments/web</c>, <c>deployments.apps</c>, <c>pods/log</c>);
/// Vault paths and Azure resources (<c>repositories/payments/api</c>) are matched exactly.
/// </summary>
/// <remarks>The verb <c>write</c> stands for every action that writes (<see cref="Catalog.WriteAccess"/>).</remarks>
public sealed record WhoCanQuery(string Verb, string Resource, string? Namespace = null, string? Environment = null)
{
    /// <summary>The verb that asks for any write: create, patch, Vault update, an Azure <c>/write</c>...</summary>
    public const string AnyWrite = "write";
}

/// <summary>One identity that can: through which row of the matrix, granted by which declaration.</summary>
public sealed record WhoCanAnswer(
    string Environment,
    string Identity,
    string CiSubject,
    string System,
    string Scope,
    string Resource,
    string Action,
    string GrantedBy);

/// <summary>
/// Answers who-can from the plans alone, offline: no cluster, no Vault, no Azure. Only live
/// grants count (the access matrix), so a paused pipeline can do nothing.
/// </summary>
public static class WhoCan
{
    // Subresources kubectl users type after the resource; anything else after a slash is an object name.
    private static readonly ImmutableHashSet<string> Subresources = ImmutableHashSet.Create(StringComparer.Ordinal,
        "attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "proxy", "scale", "status", "token");

    public static ImmutableArray<WhoCanAnswer> Ask(IEnumerable<Plan> plans, WhoCanQuery query)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(query);
        var kubernetes = KubernetesTarget.Parse(query.Resource);
        var answers = new List<WhoCanAnswer>();
        foreach (var plan in plans.Where(p => query.Environment is null || p.Environment == query.Environment))
        {
            var grants = GrantSource.For(plan);
            var credsBackends = plan.Vault.KubernetesSecretRoles.Select(r => r.Backend).Distinct(StringComparer.Ordinal).ToList();
            // Pipeline identities only: a deployer holds the union of what they hold (it could not create
            // their Roles otherwise), so it would answer every question; `access explain deployer` shows it.
            foreach (var row in AccessMatrix.Build(plan).Where(r => !DeployerRights.IsDeployerId(r.Identity)).Where(r => query.Verb == WhoCanQuery.AnyWrite
                ? WriteAccess.IsWrite(r, r.System == AccessMatrix.Vault && credsBackends.Any(b => WriteAccess.MintsCredential(r.Resource, b)))
                : r.Action == query.Verb))
            {
                var matches = row.System == AccessMatrix.Kubernetes
                    ? (query.Namespace is null || row.Scope == query.Namespace) && kubernetes.Matches(row.Resource)
                    : query.Namespace is null && row.Resource == query.Resource;
                if (matches)
                {
                    var subject = plan.Identities.FirstOrDefault(i => i.Id == row.Identity)?.CiSubject ?? "";
                    answers.Add(new WhoCanAnswer(row.Environment, row.Identity, subject, row.System, row.Scope, row.Resource, row.Action, grants.Of(row)));
                }
            }
        }

        return [.. answers
            .OrderBy(a => a.Environment, StringComparer.Ordinal).ThenBy(a => a.Identity, StringComparer.Ordinal)
            .ThenBy(a => a.System, StringComparer.Ordinal).ThenBy(a => a.Scope, StringComparer.Ordinal)
            .ThenBy(a => a.Resource, StringComparer.Ordinal)];
    }

    public static string Text(WhoCanQuery query, IReadOnlyList<WhoCanAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(answers);
        var text = new StringBuilder();
        var where = (query.Namespace is null ? "" : " in namespace " + query.Namespace) + (query.Environment is null ? "" : " in " + query.Environment);
        if (answers.Count == 0)
        {
            return $"No identity can {query.Verb} {query.Resource}{where}.\n";
        }

        text.Append("Who can ").Append(query.Verb).Append(' ').Append(query.Resource).Append(where).Append(":\n");
        foreach (var answer in answers)
        {
            text.Append("  ").Append(answer.Environment).Append(' ').Append(answer.Identity).Append(": ")
                .Append(answer.System).Append(' ').Append(answer.Scope).Append(' ').Append(answer.Resource);
            if (query.Verb == WhoCanQuery.AnyWrite)
            {
                // "write" stands for several actions: each answer says which one it holds.
                text.Append(' ').Append(answer.Action);
            }

            text.Append(" via ").Append(answer.GrantedBy).Append(" (CI subject ").Append(answer.CiSubject).Append(")\n");
        }

        return text.ToString();
    }

    public static string JsonText(WhoCanQuery query, IReadOnlyList<WhoCanAnswer> answers) =>
        Json.Serialize(new { query, answers });

    /// <summary>A Kubernetes resource as asked: type, optional group, optional subresource, optional object name.</summary>
    private sealed record KubernetesTarget(string Type, string? Group, string? Name)
    {
        public static KubernetesTarget Parse(string text)
        {
            var parts = text.Split('/');
            var typeAndGroup = parts[0].Split('.', 2);
            var group = typeAndGroup.Length == 2 ? typeAndGroup[1] : null;
            var type = typeAndGroup[0];
            var rest = parts.Skip(1).ToList();
            if (rest.Count > 0 && Subresources.Contains(rest[0]))
            {
                type += "/" + rest[0];
                rest.RemoveAt(0);
            }

            return new KubernetesTarget(type, group, rest.Count == 0 ? null : string.Join("/", rest));
        }

        /// <summary>
        /// A row without a name covers every object of its kind in the namespace, so it answers any
        /// name. Asked without a name, rows limited to named objects answer too: the reviewer sees which.
        /// </summary>
        public bool Matches(string resource)
        {
            var slash = resource.IndexOf('/', StringComparison.Ordinal);
            var colon = resource.IndexOf(':', StringComparison.Ordinal);
            var group = resource[..slash];
            var type = colon < 0 ? resource[(slash + 1)..] : resource[(slash + 1)..colon];
            var name = colon < 0 ? null : resource[(colon + 1)..];
            return type == Type
                && (Group is null || Group == group || (Group.Length == 0 && group == "core"))
                && (Name is null || name is null || name == Name);
        }
    }
}
