using System.Globalization;
using System.Text;
using Infra.Access.Definition;
using Infra.Access.Format;
using Infra.Access.Matrix;
using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>The plan for people (per pipeline and stage: identity and grants) and for tools (JSON).</summary>
public static class PlanRenderer
{
    public static string Text(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var rows = AccessMatrix.Build(plan);
        // One pass over the rows, not one per identity: a catalog of thousands of stages has hundreds of thousands of rows.
        var rowsByIdentity = rows.ToLookup(r => r.Identity, StringComparer.Ordinal);
        var podSecurity = plan.Kubernetes.PodSecurity.ToLookup(p => p.Owner.Pipeline ?? "", StringComparer.Ordinal);
        var text = new StringBuilder();
        var pipelines = plan.Identities.GroupBy(i => i.Pipeline).ToList();
        text.Append(CultureInfo.InvariantCulture,
            $"Environment {plan.Environment} ({(plan.Tier == Tier.Production ? "production" : "non-production")}): {Count(pipelines.Count, "pipeline")}, {Count(plan.Identities.Count(i => i.IsActive), "live identity", "live identities")}, {Count(rows.Length, "grant")}\n");
        foreach (var pipeline in pipelines)
        {
            var first = pipeline.First();
            text.Append('\n').Append(pipeline.Key).Append(" (").Append(first.State.ToString().ToLowerInvariant()).Append(", ").Append(first.Repository).Append(")\n");
            // Only a departure from restricted is shown: it is the exception a reviewer must see, in every state.
            foreach (var level in podSecurity[pipeline.Key].Where(p => p.Enforce != PodSecurity.Name(PodSecurityLevel.Restricted)).GroupBy(p => p.Enforce))
            {
                text.Append("  pod security: ").Append(level.Key ?? "(no enforce label)").Append(" in ").Append(string.Join(", ", level.Select(p => p.Namespace)));
                var reason = level.First().Annotations.GetValueOrDefault(PodSecurity.ReasonAnnotation);
                text.Append(reason is null ? "\n" : $" ({reason})\n");
            }

            if (!first.IsActive)
            {
                text.Append("  holds no grants: no binding, no auth role, no federated credential\n");
                continue;
            }

            foreach (var identity in pipeline)
            {
                text.Append("  ").Append(identity.Stage).Append(": ").Append(identity.CiSubject)
                    .Append(", token ").Append(Patterns.FormatDuration(identity.TokenTtl))
                    .Append(identity.ApprovalGated ? ", approval-gated" : "").Append('\n');
                var grants = rowsByIdentity[identity.Id]
                    .GroupBy(r => (r.System, r.Scope, r.Resource))
                    .Select(g => (g.Key, Actions: string.Join(", ", g.Select(r => r.Action))));
                foreach (var (key, actions) in grants)
                {
                    text.Append("    ").Append(key.System).Append(' ').Append(key.Scope).Append(' ').Append(key.Resource).Append(": ").Append(actions).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    public static string JsonText(Plan plan) => Json.Serialize(plan);

    private static string Count(int count, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? one : many ?? one + "s")}");
}
