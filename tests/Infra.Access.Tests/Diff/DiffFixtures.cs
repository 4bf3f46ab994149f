using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Diff;

/// <summary>Small hand-built diffs, so a rendering test states exactly what changed (no catalog, no planner).</summary>
internal static class DiffFixtures
{
    public static RowChange Row(Change change, string resource, string action = "get", params Risk[] risks) =>
        new(change, "kubernetes", "payments", resource, action, "Role payments/ci-deploy", [.. risks]);

    public static IdentityDiff Identity(string name, IdentityStatus status, params RowChange[] changes) =>
        new(name, status, "repo:org/" + name.Split('/')[0] + ":environment:ci", [], [.. changes]);

    /// <summary>An environment whose counts agree with its identities (added, removed, gained, lost).</summary>
    public static EnvironmentDiff Environment(string name, Tier tier, params IdentityDiff[] identities) => new(
        name,
        tier,
        EnvironmentStatus.Changed,
        [.. identities.Where(i => i.Status == IdentityStatus.Added).Select(i => i.Identity)],
        [.. identities.Where(i => i.Status == IdentityStatus.Removed).Select(i => i.Identity)],
        identities.Sum(i => i.Gained),
        identities.Sum(i => i.Lost),
        [.. identities],
        [],
        [],
        []);

    public static Finding Finding(string message, Severity severity = Severity.Error, int line = 10) =>
        new("K8S005", "no-kubernetes-secret-access", severity, "staging", "payments-api/deploy", message, "fix it", new SourceLocation("stacks/staging.yaml", line, 3));

    public static WaivedFinding Waived(string message, Severity severity = Severity.Error, int line = 10) => new(
        Finding(message, severity, line),
        new Waiver("K8S005", "payments-api/deploy", null, "migration", new DateOnly(2026, 12, 20), "grace", new SourceLocation("stacks/staging.yaml", 5, 5)));

    public static AccessDiff DiffOf(params EnvironmentDiff[] environments) => new([.. environments]);

    public static ImmutableArray<T> Many<T>(int count, Func<int, T> make) => [.. Enumerable.Range(0, count).Select(make)];
}
