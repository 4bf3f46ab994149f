using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Rules;

namespace Infra.Access.Diff;

public enum Change
{
    Gained,
    Lost,
}

/// <summary>Why a reviewer should look twice at a changed row.</summary>
public enum Risk
{
    /// <summary>The row is in a production-tier environment.</summary>
    Production,

    /// <summary>The row reads or writes a Vault secret (a secret mount, not the Kubernetes creds path) or Kubernetes Secrets.</summary>
    Secret,

    /// <summary>The row mints credentials: a Kubernetes secrets engine's <c>creds/&lt;role&gt;</c> path, which issues a ServiceAccount token.</summary>
    Credential,

    /// <summary>The action changes something, as <see cref="Catalog.WriteAccess"/> judges every grant (minting a Kubernetes token aside).</summary>
    Write,

    /// <summary>The identity held nothing before (a new pipeline or stage, or one resumed).</summary>
    NewIdentity,

    /// <summary>
    /// A row of a non-production environment on a production resource (its cluster, registry, Vault
    /// server or mount, or an Azure scope of a production environment): it counts as
    /// <see cref="Production"/> too, whatever file declares it.
    /// </summary>
    ProductionReach,
}

public enum IdentityStatus
{
    /// <summary>Held nothing in the base, holds something in the head.</summary>
    Added,

    /// <summary>Held something in the base, holds nothing in the head (removed, paused or decommissioned).</summary>
    Removed,

    /// <summary>Holds something in both, and its grants or who may assume it changed.</summary>
    Changed,
}

public enum EnvironmentStatus
{
    Unchanged,
    Changed,

    /// <summary>No definition at the base: everything is gained.</summary>
    Added,

    /// <summary>No definition at the head: everything is lost.</summary>
    Removed,
}

/// <summary>One row of the access matrix gained or lost, with the declaration that grants it and its risks.</summary>
public sealed record RowChange(Change Change, string System, string Scope, string Resource, string Action, string GrantedBy, ImmutableArray<Risk> Risks);

/// <summary>
/// A change to who may assume an identity, which the matrix cannot show: the CI subject, the
/// approval gate, the token lifetime. <see cref="Widens"/> is true when more jobs, or jobs for longer, get it.
/// </summary>
public sealed record TrustChange(string Field, string Before, string After, bool Widens);

/// <summary>
/// A network flow a pipeline namespace (or the CI runner namespace, pipeline <c>environment</c>)
/// allows, gained or lost: <c>egress to 10.60.0.0/16 22/TCP</c>, or <c>default-deny</c>.
/// <see cref="Widens"/>: a new flow, or a lost default-deny (the namespace's pods are no longer isolated).
/// </summary>
public sealed record NetworkChange(Change Change, string Pipeline, string Namespace, string Flow, bool Widens);

/// <summary>
/// A finding the base and the head both waive, whose exception now expires later: the same access
/// stays unguarded for longer. <see cref="ExpiresBefore"/> is the base's expiry.
/// </summary>
public sealed record ExtendedWaiver(WaivedFinding Waived, DateOnly ExpiresBefore);

/// <summary>What changed for one identity (<c>pipeline/stage</c>) in one environment.</summary>
public sealed record IdentityDiff(
    string Identity,
    IdentityStatus Status,
    string CiSubject,
    ImmutableArray<TrustChange> Trust,
    ImmutableArray<RowChange> Changes)
{
    public int Gained => Changes.Count(c => c.Change == Change.Gained);

    public int Lost => Changes.Count(c => c.Change == Change.Lost);
}

/// <summary>
/// The access diff of one environment between the base and the head of a pull request.
/// <see cref="WaivedIntroduced"/>: findings an exception waives at the head that the base did not
/// waive (a new finding silently waived by an existing exception, or a new exception), so a reviewer
/// sees what an exception hides.
/// </summary>
public sealed record EnvironmentDiff(
    string Environment,
    Tier Tier,
    EnvironmentStatus Status,
    ImmutableArray<string> IdentitiesAdded,
    ImmutableArray<string> IdentitiesRemoved,
    int Gained,
    int Lost,
    ImmutableArray<IdentityDiff> Identities,
    ImmutableArray<Finding> FindingsIntroduced,
    ImmutableArray<Finding> FindingsResolved,
    ImmutableArray<WaivedFinding> WaivedIntroduced)
{
    /// <summary>Guardrail findings appear or go away, or the head waives a finding the base did not (or waives one for longer).</summary>
    public bool FindingsChanged => !FindingsIntroduced.IsEmpty || !FindingsResolved.IsEmpty || !WaivedIntroduced.IsEmpty || !WaiversExtended.IsEmpty;

    /// <summary>Findings the base and the head both waive whose exception expires later at the head.</summary>
    public ImmutableArray<ExtendedWaiver> WaiversExtended { get; init; } = [];

    /// <summary>
    /// An error finding newly waived, or waived for longer: the guardrail that refuses the access no
    /// longer does (<c>access check</c> passes), so the diff is the only place a reviewer sees it.
    /// </summary>
    public bool WaiversWiden =>
        WaivedIntroduced.Any(w => w.Finding.Severity == Severity.Error) || WaiversExtended.Any(w => w.Waived.Finding.Severity == Severity.Error);

    /// <summary>
    /// The environment's settings that changed (<c>environment.cluster.platformNamespaces</c>, ...),
    /// compared field by field, fail-closed: a field's change widens unless the field says how it narrows.
    /// Endpoints are in <see cref="Endpoints"/>.
    /// </summary>
    public ImmutableArray<TrustChange> Settings { get; init; } = [];

    /// <summary>
    /// The environment's endpoints that moved (cluster, API server, Vault server, registry): every
    /// grant now acts on another system. Widens, as a new issuer does; <see cref="EndpointsReachProduction"/>
    /// when the new one is a production environment's.
    /// </summary>
    public ImmutableArray<TrustChange> Endpoints { get; init; } = [];

    /// <summary>An endpoint of this (non-production) environment moved onto a production environment's cluster, Vault server or registry.</summary>
    public bool EndpointsReachProduction { get; init; }

    /// <summary>Flows gained or lost per namespace; who may reach what, beside who may do what.</summary>
    public ImmutableArray<NetworkChange> Network { get; init; } = [];

    /// <summary>Who may do what, or who may assume an identity, changed; a setting changed; or an error finding is newly waived (or for longer).</summary>
    public bool AccessChanged => !Identities.IsEmpty || !Network.IsEmpty || !Endpoints.IsEmpty || !Settings.IsEmpty || WaiversWiden;

    /// <summary>
    /// Production access grows: a production row gained, a production identity's trust, a production
    /// namespace's network or a production setting widened, a production error finding newly waived
    /// (or for longer), or (in any tier) a row gained on a production resource.
    /// </summary>
    public bool ProductionAccessGrows =>
        (Tier == Tier.Production && (Gained > 0 || Identities.Any(i => i.Trust.Any(t => t.Widens)) || Network.Any(n => n.Widens) || Endpoints.Any(e => e.Widens)
            || Settings.Any(s => s.Widens) || WaiversWiden))
        || EndpointsReachProduction
        || Identities.Any(i => i.Changes.Any(c => c.Change == Change.Gained && c.Risks.Contains(Risk.ProductionReach)));

    /// <summary>What each side targets (cluster, Vault, Azure scopes): the production reach of the other environments is judged against it.</summary>
    internal DiffTargets? BaseTargets { get; init; }

    internal DiffTargets? HeadTargets { get; init; }
}

/// <summary>The access diff of every environment a pull request touches, in environment order.</summary>
public sealed record AccessDiff(ImmutableArray<EnvironmentDiff> Environments)
{
    public bool AccessChanged => Environments.Any(e => e.AccessChanged);

    public bool ProductionAccessGrows => Environments.Any(e => e.ProductionAccessGrows);

    public bool FindingsChanged => Environments.Any(e => e.FindingsChanged);
}
