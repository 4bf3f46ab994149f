using System.Collections.Immutable;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;

namespace Infra.Access.Queries;

/// <summary>
/// Another stage's ServiceAccount a leaked token can run a pod as, and the Kubernetes grants that
/// pod then holds (in every namespace the account is bound in).
/// </summary>
public sealed record BorrowedAccount(string ServiceAccount, string Identity, ImmutableArray<ExplainedGrant> Grants);

/// <summary>A namespace whose pod templates a leaked token can write, and the Pod Security level its pods are held to.</summary>
public sealed record PodTemplateNamespace(string Namespace, string PodSecurityLevel, string PodsMay);

/// <summary>
/// What a stage's token reaches if it leaks. <see cref="Direct"/> is what RBAC, Vault and Azure grant
/// it. The rest is what it reaches WITHOUT admission policies: a grant that changes a pod template
/// (deploy, restart, run-job) changes all of it, so the token can run a pod in each of
/// <see cref="Namespaces"/> as any ServiceAccount there (<see cref="ServiceAccounts"/>, with their
/// grants, and through them further namespaces) and mount any Secret there. Empty namespaces: the
/// token reaches its grants and nothing more.
/// </summary>
public sealed record LeakReach(
    ImmutableArray<ExplainedGrant> Direct,
    ImmutableArray<PodTemplateNamespace> Namespaces,
    ImmutableArray<BorrowedAccount> ServiceAccounts,
    ImmutableArray<string> SecretsOf)
{
    /// <summary>Whether the token reaches more than its grants when admission does not hold it to its capability.</summary>
    public bool ReachesBeyondGrants => !Namespaces.IsEmpty;

    /// <summary>What the admission policies (issue 13) do about it, in a reviewer's words.</summary>
    public string Admission => ReachesBeyondGrants
        ? "the ValidatingAdmissionPolicies of this environment hold the token to its capability: deploy may change only container images, restart only the restart annotation, run-job only create Jobs from the named CronJobs with their own ServiceAccount; serviceAccountName, volumes, Secret references and security contexts must stay as they were, so everything above except the direct grants needs those policies absent or bypassed"
        : "no grant of this identity changes a pod template: it reaches its direct grants only";
}

/// <summary>Computes <see cref="LeakReach"/> from a plan alone: a pure function of the plan's declarations.</summary>
public static class Leak
{
    public static LeakReach Of(Plan plan, StageIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(identity);
        return Of(plan, identity, AccessMatrix.Build(plan), GrantSource.For(plan));
    }

    /// <summary>As <see cref="Of(Plan, StageIdentity)"/>, with the plan's matrix and grant sources already built (explain has them).</summary>
    internal static LeakReach Of(Plan plan, StageIdentity identity, ImmutableArray<AccessRow> matrix, GrantSource sources)
    {
        var direct = Grants(matrix, sources, identity.Id, kubernetesOnly: false);

        // Only bound Roles grant anything: a paused pipeline's Roles have no binding.
        var bound = plan.Kubernetes.RoleBindings.Select(b => (b.Namespace, b.RoleRef.Name, b.Owner.Subject)).ToHashSet();
        var templateNamespaces = plan.Kubernetes.Roles
            .Where(r => bound.Contains((r.Namespace, r.Name, r.Owner.Subject)) && r.Rules.Any(rule => WriteAccess.ChangesPodTemplates(rule)))
            .ToLookup(r => r.Owner.Subject, r => r.Namespace, StringComparer.Ordinal);
        var accountsIn = plan.Kubernetes.ServiceAccounts.ToLookup(a => a.Namespace, StringComparer.Ordinal);

        // A fixed point: a pod run as a borrowed account writes the pod templates that account may write,
        // so its namespaces' accounts and Secrets are reached too.
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        var borrowed = new SortedDictionary<string, ServiceAccountDeclaration>(StringComparer.Ordinal);
        var pending = new Queue<string>(templateNamespaces[identity.Id]);
        while (pending.TryDequeue(out var ns))
        {
            if (!namespaces.Add(ns))
            {
                continue;
            }

            foreach (var account in accountsIn[ns].Where(a => a.Owner.Subject != identity.Id))
            {
                if (borrowed.TryAdd($"{account.Namespace}/{account.Name}", account))
                {
                    foreach (var next in templateNamespaces[account.Owner.Subject])
                    {
                        pending.Enqueue(next);
                    }
                }
            }
        }

        var levels = plan.Kubernetes.PodSecurity.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        return new LeakReach(
            direct,
            [.. namespaces.Select(ns => Level(ns, levels[ns]))],
            [.. borrowed.Select(b => new BorrowedAccount(b.Key, b.Value.Owner.Subject, Grants(matrix, sources, b.Value.Owner.Subject, kubernetesOnly: true)))],
            [.. namespaces]);
    }

    /// <summary>
    /// The level a namespace's pods are held to. A namespace the plan does not label (or labels with a
    /// value Kubernetes does not know) is privileged: without an enforce label, Pod Security Admission
    /// applies the cluster default, which is privileged unless the cluster says otherwise.
    /// </summary>
    private static PodTemplateNamespace Level(string ns, IEnumerable<NamespaceLabelPatch> patches)
    {
        var level = patches.Select(p => PodSecurity.Parse(p.Enforce) ?? PodSecurityLevel.Privileged).DefaultIfEmpty(PodSecurityLevel.Privileged).Min();
        return new PodTemplateNamespace(ns, PodSecurity.Name(level), PodSecurity.Allows(level));
    }

    /// <summary>
    /// An identity's grants as explain lists them. A borrowed account contributes its Kubernetes grants
    /// only: its Vault role and Azure credential accept the CI system's token, never a pod's.
    /// </summary>
    internal static ImmutableArray<ExplainedGrant> Grants(ImmutableArray<AccessRow> matrix, GrantSource sources, string identity, bool kubernetesOnly) =>
        [.. matrix
            .Where(r => r.Identity == identity && (!kubernetesOnly || r.System == AccessMatrix.Kubernetes))
            .GroupBy(r => (r.System, r.Scope, r.Resource))
            .Select(g => new ExplainedGrant(g.Key.System, g.Key.Scope, g.Key.Resource, [.. g.Select(r => r.Action)], sources.Of(g.First())))];
}
