using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Diff;

/// <summary>What a reviewer weighs: a grant row, a change of who may assume an identity, or a network flow.</summary>
public enum ReviewKind
{
    Grant,
    Trust,
    Network,
}

/// <summary>
/// One change of any kind with what makes it risky, so the comment, its summary and its picture can
/// put the riskiest first. <see cref="Grows"/>: a gained row, a widening trust change or a new
/// flow (a lost default-deny too); <see cref="Subject"/> is the identity, or the namespace of a flow.
/// </summary>
public sealed record ReviewItem(
    string Environment,
    Tier Tier,
    ReviewKind Kind,
    string Subject,
    bool Grows,
    ImmutableArray<Risk> Risks,
    RowChange? Row = null,
    TrustChange? Trust = null,
    NetworkChange? Network = null)
{
    /// <summary>Gains and widenings first; then production, minted credentials, secrets, trust, writes, network.</summary>
    public int Score =>
        (Grows ? 1000 : 0)
        + (Risks.Contains(Risk.Production) ? 200 : 0)
        + (Risks.Contains(Risk.Credential) ? 60 : 0)
        + (Risks.Contains(Risk.Secret) ? 50 : 0)
        + (Kind == ReviewKind.Trust ? 45 : 0)
        + (Risks.Contains(Risk.Write) ? 40 : 0)
        + (Kind == ReviewKind.Network ? 30 : 0)
        + (Risks.Contains(Risk.NewIdentity) ? 1 : 0);

    /// <summary>
    /// A production, write, secret, credential or trust change, or a widening network one: what the
    /// riskiest-changes table lists and the picture never drops for a read-only change.
    /// </summary>
    public bool IsRisky => Kind == ReviewKind.Trust || (Kind == ReviewKind.Network && Grows)
        || Risks.Contains(Risk.Production) || Risks.Contains(Risk.Write) || Risks.Contains(Risk.Secret) || Risks.Contains(Risk.Credential);
}

/// <summary>Every change of a diff as <see cref="ReviewItem"/>s, riskiest first, in a stable order.</summary>
public static class DiffRanking
{
    public static IReadOnlyList<ReviewItem> Items(AccessDiff diff)
    {
        ArgumentNullException.ThrowIfNull(diff);
        return [.. diff.Environments.SelectMany(Items).OrderByDescending(i => i.Score)
            .ThenBy(i => i.Environment, StringComparer.Ordinal).ThenBy(i => i.Kind).ThenBy(i => i.Subject, StringComparer.Ordinal)
            .ThenBy(i => Text(i), StringComparer.Ordinal)];
    }

    public static IEnumerable<ReviewItem> Items(EnvironmentDiff environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ImmutableArray<Risk> production = environment.Tier == Tier.Production ? [Risk.Production] : [];
        foreach (var endpoint in environment.Endpoints)
        {
            ImmutableArray<Risk> risks = environment.EndpointsReachProduction ? [Risk.Production, Risk.ProductionReach] : production;
            yield return new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Trust, "environment", endpoint.Widens, risks, Trust: endpoint);
        }

        // A setting is a change of every identity of the environment, as an endpoint is.
        foreach (var setting in environment.Settings)
        {
            yield return new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Trust, "environment", setting.Widens, production, Trust: setting);
        }

        foreach (var identity in environment.Identities)
        {
            foreach (var trust in identity.Trust)
            {
                yield return new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Trust, identity.Identity, trust.Widens, production, Trust: trust);
            }

            foreach (var row in identity.Changes)
            {
                yield return new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Grant, identity.Identity, row.Change == Change.Gained, row.Risks, Row: row);
            }
        }

        foreach (var flow in environment.Network)
        {
            yield return new ReviewItem(environment.Environment, environment.Tier, ReviewKind.Network, flow.Namespace, flow.Widens, production, Network: flow);
        }
    }

    /// <summary>The change in one line, as the tables and the text format show it.</summary>
    public static string Text(ReviewItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind switch
        {
            ReviewKind.Trust => $"{item.Trust!.Field}: {item.Trust.Before} -> {item.Trust.After}",
            ReviewKind.Network => $"{item.Network!.Flow}",
            _ => $"{item.Row!.System} {item.Row.Scope} {item.Row.Resource} {item.Row.Action}",
        };
    }
}
