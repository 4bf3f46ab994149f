namespace Infra.Access.Definition;

/// <summary>
/// How far ahead an approval may reach, per tier: an exception's expiry, a pipeline's next review,
/// and how long a token may live. Production is held shorter everywhere. docs/definition-format.md
/// and docs/rules/README.md give the reasons; the rules and the loader read the numbers here only.
/// </summary>
public static class GovernanceLimits
{
    /// <summary>
    /// Days an exception may reach beyond today: 30 in production (one sprint and its release), 90
    /// elsewhere (a quarter). The file holds no trustworthy creation date (an <c>approved:</c> date
    /// would be typed by the same author), so the lifetime is bounded from the day of the check:
    /// at no moment does an exception waive anything further ahead, and renewing it is a reviewed change.
    /// </summary>
    public static int ExceptionDays(Tier tier) => tier == Tier.Production ? 30 : 90;

    /// <summary>The last expiry date an exception checked on <paramref name="today"/> may carry.</summary>
    public static DateOnly LatestExceptionExpiry(Tier tier, DateOnly today) => today.AddDays(ExceptionDays(tier));

    /// <summary>Months a pipeline's reviewBy may lie ahead of today: 6 in production, 12 elsewhere.</summary>
    public static int ReviewMonths(Tier tier) => tier == Tier.Production ? 6 : 12;

    /// <summary>The latest reviewBy date a definition checked on <paramref name="today"/> may carry.</summary>
    public static DateOnly LatestReview(Tier tier, DateOnly today) => today.AddMonths(ReviewMonths(tier));

    /// <summary>
    /// The largest <c>tokenTtlCeiling</c>: 15 minutes in production, 1 hour elsewhere. A CI token
    /// that outlives its job serves only whoever stole it; a job longer than the ceiling asks the CI
    /// system for a fresh OIDC token and logs in again, so no job needs a long-lived token.
    /// </summary>
    public static TimeSpan TokenTtlCeilingMax(Tier tier) => tier == Tier.Production ? TimeSpan.FromMinutes(15) : TimeSpan.FromHours(1);
}
