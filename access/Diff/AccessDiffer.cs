using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Deployer;
using Infra.Access.Format;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Diff;

/// <summary>
/// Compares the access matrices of two plans of one environment (the base and the head of a pull
/// request): who gains or loses which row, who may now assume an identity, which guardrail
/// findings appear or go away. A null plan means the environment does not exist on that side.
/// </summary>
public static class AccessDiffer
{
    /// <summary>
    /// The diff of several environments, in environment order. Rows of a non-production environment
    /// that land on a production environment's cluster, Vault server or mount, or Azure scope are
    /// flagged <see cref="Risk.Production"/> and <see cref="Risk.ProductionReach"/>: reach, not the
    /// file, decides production.
    /// </summary>
    public static AccessDiff Compare(IEnumerable<EnvironmentDiff> environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        var all = environments.OrderBy(e => e.Environment, StringComparer.Ordinal).ToList();
        var production = DiffTargets.Union(all.Where(e => e.Tier == Tier.Production)
            .SelectMany(e => new[] { e.BaseTargets, e.HeadTargets }).OfType<DiffTargets>());
        return new AccessDiff([.. all.Select(e => e.Tier == Tier.Production || production.IsEmpty ? e : WithProductionReach(e, production))]);
    }

    private static EnvironmentDiff WithProductionReach(EnvironmentDiff environment, DiffTargets production)
    {
        RowChange Judge(RowChange row)
        {
            var side = row.Change == Change.Gained ? environment.HeadTargets : environment.BaseTargets;
            return side is null || !side.Reaches(row, production) || row.Risks.Contains(Risk.ProductionReach)
                ? row
                : row with { Risks = [.. row.Risks.Prepend(Risk.Production).Append(Risk.ProductionReach).Distinct().Order()] };
        }

        var head = environment.HeadTargets;
        return environment with
        {
            Identities = [.. environment.Identities.Select(i => i with { Changes = [.. i.Changes.Select(Judge)] })],
            EndpointsReachProduction = head is not null && environment.Endpoints.Any(e => e.Widens)
                && head.Endpoints.Any(e => production.Holds(e.Key)),
        };
    }

    public static EnvironmentDiff Compare(Plan? basePlan, Plan? headPlan, IReadOnlyList<Finding> baseFindings, IReadOnlyList<Finding> headFindings)
    {
        ArgumentNullException.ThrowIfNull(baseFindings);
        ArgumentNullException.ThrowIfNull(headFindings);
        if (basePlan is null && headPlan is null)
        {
            throw new ArgumentException("at least one of the plans is needed", nameof(headPlan));
        }

        return Compare(DiffSide.Of(basePlan, baseFindings), DiffSide.Of(headPlan, headFindings));
    }

    /// <summary>Compares two sides; a caller with large catalogs builds each side and drops its plan before reading the other.</summary>
    public static EnvironmentDiff Compare(DiffSide before, DiffSide after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var reference = after.Exists ? after : before.Exists ? before : throw new ArgumentException("at least one of the sides needs a plan", nameof(after));
        // A production environment stays production for the diff when its head says otherwise: leaving
        // the tier is itself a widening (weaker guardrails), and what it gains is judged as production.
        var tier = before.Exists && before.Tier == Tier.Production ? Tier.Production : reference.Tier;

        var heldBefore = Holders(before.Rows);
        var heldAfter = Holders(after.Rows);
        var added = heldAfter.Except(heldBefore).Order(StringComparer.Ordinal).ToImmutableArray();
        var removed = heldBefore.Except(heldAfter).Order(StringComparer.Ordinal).ToImmutableArray();

        var isAdded = added.ToHashSet(StringComparer.Ordinal);
        var isRemoved = removed.ToHashSet(StringComparer.Ordinal);
        var (gained, lost) = Merge(before.Rows, after.Rows);
        var changes = new List<(string Identity, RowChange Change)>(gained.Count + lost.Count);
        foreach (var row in gained)
        {
            changes.Add((row.Identity, Describe(Change.Gained, row, after, tier, isAdded.Contains(row.Identity))));
        }

        foreach (var row in lost)
        {
            changes.Add((row.Identity, Describe(Change.Lost, row, before, before.Tier, isNew: false)));
        }

        // Keyed once: a catalog of thousands of stages would otherwise scan every identity per identity.
        var changesByIdentity = changes.ToLookup(c => c.Identity, c => c.Change, StringComparer.Ordinal);
        var identities = new List<IdentityDiff>();
        foreach (var identity in heldBefore.Union(heldAfter).Order(StringComparer.Ordinal))
        {
            // Most identities of a catalog change nothing: they skip the sort.
            var rows = !changesByIdentity.Contains(identity) ? [] : changesByIdentity[identity]
                .OrderBy(c => c.Change).ThenBy(c => c.System, StringComparer.Ordinal).ThenBy(c => c.Scope, StringComparer.Ordinal)
                .ThenBy(c => c.Resource, StringComparer.Ordinal).ThenBy(c => c.Action, StringComparer.Ordinal)
                .ToImmutableArray();
            var baseIdentity = before.Identities.GetValueOrDefault(identity);
            var headIdentity = after.Identities.GetValueOrDefault(identity);
            var trust = heldBefore.Contains(identity) && heldAfter.Contains(identity) && baseIdentity is not null && headIdentity is not null
                ? Trust(baseIdentity, headIdentity)
                : [];
            if (rows.IsEmpty && trust.IsEmpty)
            {
                continue;
            }

            var status = isAdded.Contains(identity) ? IdentityStatus.Added : isRemoved.Contains(identity) ? IdentityStatus.Removed : IdentityStatus.Changed;
            // A deployer has no CI subject of the plan: it is assumed by the deploy job the bootstrap trusts.
            var subject = (headIdentity ?? baseIdentity)?.CiSubject ?? (DeployerRights.IsDeployerId(identity) ? DeployerRights.SignIn : "");
            identities.Add(new IdentityDiff(identity, status, subject, trust, rows));
        }

        var diff = new EnvironmentDiff(
            reference.Environment!,
            tier,
            EnvironmentStatus.Unchanged,
            added,
            removed,
            gained.Count,
            lost.Count,
            [.. identities],
            Subtract(after.Findings, before.Findings),
            Subtract(before.Findings, after.Findings),
            NewlyWaived(after.Waived, before.Waived))
        {
            Network = Network(before, after),
            Endpoints = Endpoints(before, after),
            Settings = SettingsDiff.Compare(before.Settings, after.Settings),
            WaiversExtended = Extended(after.Waived, before.Waived),
            BaseTargets = before.Targets,
            HeadTargets = after.Targets,
        };
        // Changed whenever the access changed, not only when an identity did: a flow, an endpoint or a setting alone counts.
        return diff with
        {
            Status = !before.Exists ? EnvironmentStatus.Added
                : !after.Exists ? EnvironmentStatus.Removed
                : diff.AccessChanged ? EnvironmentStatus.Changed
                : EnvironmentStatus.Unchanged,
        };
    }

    /// <summary>The endpoints that moved between two versions of an environment (compared as the systems compare them); a side without settings names none.</summary>
    private static ImmutableArray<TrustChange> Endpoints(DiffSide before, DiffSide after)
    {
        if (before.Targets is not { Endpoints.Count: > 0 } was || after.Targets is not { Endpoints.Count: > 0 } now)
        {
            return [];
        }

        var changes = ImmutableArray.CreateBuilder<TrustChange>();
        foreach (var field in was.Endpoints.Select(e => e.Field).Union(now.Endpoints.Select(e => e.Field)))
        {
            var (_, beforeValue, beforeKey) = was.Endpoints.FirstOrDefault(e => e.Field == field);
            var (_, afterValue, afterKey) = now.Endpoints.FirstOrDefault(e => e.Field == field);
            if (beforeKey != afterKey)
            {
                changes.Add(new TrustChange(field, beforeValue ?? "none", afterValue ?? "none", Widens: afterKey is not null));
            }
        }

        return changes.ToImmutable();
    }

    /// <summary>
    /// Flows gained and lost per namespace, in namespace then line order. A gained flow widens, and so
    /// does a lost default-deny: the namespace's pods are no longer isolated in that direction.
    /// </summary>
    private static ImmutableArray<NetworkChange> Network(DiffSide before, DiffSide after)
    {
        var changes = ImmutableArray.CreateBuilder<NetworkChange>();
        foreach (var ns in before.Network.Keys.Union(after.Network.Keys).Order(StringComparer.Ordinal))
        {
            var was = before.Network.GetValueOrDefault(ns);
            var now = after.Network.GetValueOrDefault(ns);
            if (string.Equals(was.Flows, now.Flows, StringComparison.Ordinal))
            {
                continue;
            }

            var pipeline = now.Pipeline ?? was.Pipeline ?? "environment";
            var wasLines = Lines(was.Flows ?? "");
            var nowLines = Lines(now.Flows ?? "");
            foreach (var line in wasLines.Union(nowLines).Order(StringComparer.Ordinal))
            {
                var gained = nowLines.Contains(line);
                if (gained == wasLines.Contains(line))
                {
                    continue;
                }

                var deny = line.StartsWith(DiffSide.DefaultDeny, StringComparison.Ordinal);
                changes.Add(new NetworkChange(gained ? Change.Gained : Change.Lost, pipeline, ns, line, Widens: deny ? !gained : gained));
            }
        }

        // A namespace's Pod Security level: reported when it changes, and for a new namespace when it
        // is below restricted (the default), so a paused pipeline's override is not silent.
        foreach (var ns in before.PodSecurityLevels.Keys.Union(after.PodSecurityLevels.Keys).Order(StringComparer.Ordinal))
        {
            var had = before.PodSecurityLevels.TryGetValue(ns, out var was);
            var has = after.PodSecurityLevels.TryGetValue(ns, out var now);
            var wasLevel = had ? was.Level : "restricted";
            var nowLevel = has ? now.Level : wasLevel;
            if (string.Equals(wasLevel, nowLevel, StringComparison.Ordinal))
            {
                continue;
            }

            var pipeline = has ? now.Pipeline : was.Pipeline;
            var lowered = PodSecurityLowered($"{ns} {wasLevel}", $"{ns} {nowLevel}");
            if (had)
            {
                changes.Add(new NetworkChange(Change.Lost, pipeline, ns, $"{PodSecurityLine} {wasLevel}", Widens: false));
            }

            changes.Add(new NetworkChange(Change.Gained, pipeline, ns, $"{PodSecurityLine} {nowLevel}", Widens: lowered));
        }

        return [.. changes.OrderBy(c => c.Namespace, StringComparer.Ordinal).ThenBy(c => c.Flow, StringComparer.Ordinal)];
    }

    /// <summary>How a namespace's enforced Pod Security level reads among its network lines.</summary>
    internal const string PodSecurityLine = "pod-security enforce";

    /// <summary>
    /// The risks of one row, judged in the plan it belongs to: the head's for a gain, the base's for a loss.
    /// </summary>
    public static ImmutableArray<Risk> Risks(AccessRow row, Plan plan, bool isNewIdentity)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(plan);
        return Risks(row, plan.Tier, IsCredsPath(row, plan.Vault.KubernetesSecretRoles.Select(r => r.Backend)), isNewIdentity);
    }

    /// <summary>
    /// Whether a Vault row is a Kubernetes secrets engine's <c>creds/&lt;role&gt;</c> path, where update
    /// mints a ServiceAccount token. Any other path on the engine (roles/, config) is not: it is
    /// flagged like a secret write, which is what a write there is.
    /// </summary>
    private static bool IsCredsPath(AccessRow row, IEnumerable<string> backends) =>
        row.System == AccessMatrix.Vault
        && backends.Any(b => WriteAccess.MintsCredential(row.Resource, b));

    // credsPath: the row is on the Kubernetes secrets engine's creds path: it mints a ServiceAccount token
    // (flagged credential, not secret or write); the Kubernetes rows it unlocks carry their own risks.
    private static ImmutableArray<Risk> Risks(AccessRow row, Tier tier, bool credsPath, bool isNewIdentity)
    {
        var risks = ImmutableArray.CreateBuilder<Risk>();
        if (tier == Tier.Production)
        {
            risks.Add(Risk.Production);
        }

        if (credsPath)
        {
            risks.Add(Risk.Credential);
        }

        var secret = row.System switch
        {
            AccessMatrix.Vault => !credsPath,
            AccessMatrix.Kubernetes => row.Resource == "core/secrets" || row.Resource.StartsWith("core/secrets:", StringComparison.Ordinal),
            _ => false,
        };
        if (secret)
        {
            risks.Add(Risk.Secret);
        }

        var write = WriteAccess.IsWrite(row, credsPath);
        if (write)
        {
            risks.Add(Risk.Write);
        }

        if (isNewIdentity)
        {
            risks.Add(Risk.NewIdentity);
        }

        return risks.ToImmutable();
    }

    private static RowChange Describe(Change change, AccessRow row, DiffSide side, Tier tier, bool isNew) =>
        new(change, row.System, row.Scope, row.Resource, row.Action, side.Grants!.Of(row),
            Risks(row, tier, IsCredsPath(row, side.CredsBackends), isNew));

    /// <summary>
    /// The rows only the head has (gained) and only the base has (lost), in row order. Both matrices
    /// are sorted, so one merge pass finds them; rows are compared without their environment, so
    /// comparing two files of differently named environments still lines up.
    /// </summary>
    private static (List<AccessRow> Gained, List<AccessRow> Lost) Merge(ImmutableArray<AccessRow> before, ImmutableArray<AccessRow> after)
    {
        var (gained, lost) = (new List<AccessRow>(), new List<AccessRow>());
        var (i, j) = (0, 0);
        while (i < before.Length || j < after.Length)
        {
            var c = i == before.Length ? 1 : j == after.Length ? -1 : before[i].CompareIgnoringEnvironment(after[j]);
            if (c == 0)
            {
                (i, j) = (i + 1, j + 1);
            }
            else if (c < 0)
            {
                lost.Add(before[i++]);
            }
            else
            {
                gained.Add(after[j++]);
            }
        }

        return (gained, lost);
    }

    /// <summary>The identities that hold a row. The rows are sorted by identity, so each is added once, not once per row.</summary>
    private static HashSet<string> Holders(ImmutableArray<AccessRow> rows)
    {
        var holders = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        foreach (var row in rows)
        {
            if (!string.Equals(row.Identity, previous, StringComparison.Ordinal))
            {
                holders.Add(row.Identity);
                previous = row.Identity;
            }
        }

        return holders;
    }

    private static ImmutableArray<TrustChange> Trust(DiffSide.DiffIdentity before, DiffSide.DiffIdentity after)
    {
        // Nearly every identity is trusted as before: no builder for those.
        if (before == after)
        {
            return [];
        }

        var trust = ImmutableArray.CreateBuilder<TrustChange>();
        if (before.CiSubject != after.CiSubject)
        {
            trust.Add(new TrustChange("ci subject", before.CiSubject, after.CiSubject, Widens: true));
        }

        if (before.ApprovalGated != after.ApprovalGated)
        {
            trust.Add(new TrustChange("approval gate", Gate(before.ApprovalGated), Gate(after.ApprovalGated), Widens: before.ApprovalGated));
        }

        if (before.Lifetimes != after.Lifetimes)
        {
            trust.Add(new TrustChange("token lifetime", LifetimeText(before.Lifetimes), LifetimeText(after.Lifetimes), Widens: after.Lifetimes.LongerThan(before.Lifetimes)));
        }

        // A different issuer, subject or audience is a different set of tokens, not a narrower one: widens.
        Changed(trust, "issuer", before.Issuer, after.Issuer, widens: true);
        Changed(trust, "azure subject", before.AzureSubjects, after.AzureSubjects, widens: true);
        Changed(trust, "azure audience", before.AzureAudiences, after.AzureAudiences, widens: true);
        Changed(trust, "vault audience", before.VaultAudiences, after.VaultAudiences, widens: true);
        Changed(trust, "vault subject", before.VaultSubject, after.VaultSubject, widens: true);
        Changed(trust, "workflow ref", before.WorkflowRef, after.WorkflowRef, widens: true);
        // The user claim names the Vault entity a token maps to: another claim merges or splits whose tokens count as one.
        Changed(trust, "user claim", before.UserClaim, after.UserClaim, widens: true);
        // Another home for the identity hands its administration to another group of people: widens.
        Changed(trust, "vault auth mount", before.VaultAuthMount, after.VaultAuthMount, widens: true);
        Changed(trust, "azure resource group", before.AzureResourceGroup, after.AzureResourceGroup, widens: true);
        // Adding a pinned claim narrows; dropping or changing one lets other jobs' tokens in (unless no Vault role is left at all).
        var hasVaultRole = after.VaultAuthMount.Length > 0;
        Changed(trust, "bound claims", before.VaultClaims, after.VaultClaims, widens: hasVaultRole && !Pins(after.VaultClaims).IsSupersetOf(Pins(before.VaultClaims)));
        // Glob claims match patterns: anything but exact strings lets more tokens in.
        Changed(trust, "bound claims type", before.VaultClaimsType, after.VaultClaimsType, widens: Pins(after.VaultClaimsType).Any(t => t != "string"));
        Governance(trust, before.Governance, after.Governance);
        if (before.DefaultPolicy != after.DefaultPolicy)
        {
            trust.Add(new TrustChange("default policy", DefaultPolicy(before.DefaultPolicy), DefaultPolicy(after.DefaultPolicy), Widens: after.DefaultPolicy));
        }

        // A person added to the approvers or maintainers governs the identity: widens; one removed narrows.
        // A side built without its definition knows no one: nothing to compare.
        if (before.Approvers.Length > 0 && after.Approvers.Length > 0)
        {
            Changed(trust, "approvers", before.Approvers, after.Approvers, widens: !Pins(before.Approvers).IsSupersetOf(Pins(after.Approvers)));
        }

        if (before.Maintainers.Length > 0 && after.Maintainers.Length > 0)
        {
            Changed(trust, "maintainers", before.Maintainers, after.Maintainers, widens: !Pins(before.Maintainers).IsSupersetOf(Pins(after.Maintainers)));
        }

        // A later review date lets the pipeline's access live longer unreviewed (LCY002 suspends it only then).
        if (before.ReviewBy is { } wasReview && after.ReviewBy is { } nowReview && wasReview != nowReview)
        {
            trust.Add(new TrustChange("review by", Day(wasReview), Day(nowReview), Widens: nowReview > wasReview));
        }

        // The team decides which deployer registers the identity (a team deployer, or the platform's): another team controls it.
        if (before.Team.Length > 0 && after.Team.Length > 0)
        {
            Changed(trust, "team", before.Team, after.Team, widens: true);
        }

        // The admission policies decide which fields a write may change (an image, replicas within
        // bounds): CEL cannot be ordered by width, so any change with a new line is read as widening
        // (fail-closed); only lines removed (a policy gone with its write capability) narrow.
        if (before.Admission != after.Admission)
        {
            var (removed, added) = AdmissionChange(Lines(before.Admission), Lines(after.Admission));
            trust.Add(new TrustChange("admission policy", removed.Length == 0 ? "none" : removed, added.Length == 0 ? "none" : added, Widens: added.Length > 0));
        }

        if (before.PodSecurity != after.PodSecurity)
        {
            trust.Add(new TrustChange("pod security", Levels(before.PodSecurity), Levels(after.PodSecurity), Widens: PodSecurityLowered(before.PodSecurity, after.PodSecurity)));
        }

        return trust.ToImmutable();
    }

    /// <summary>
    /// GitHub governance changes are trust changes: a reviewer added is one more person who can let a
    /// job through, the last reviewer removed is no gate, self-review allowed lets the author approve,
    /// another ref (or a pattern, or every protected branch) may deploy, another owner (or none) may
    /// approve changes to the workflow file, a shorter wait timer leaves less time to stop a run.
    /// </summary>
    private static void Governance(ImmutableArray<TrustChange>.Builder trust, DiffSide.DiffGovernance before, DiffSide.DiffGovernance after)
    {
        if (before == after)
        {
            return;
        }

        // Not Changed(): there an emptied field means the identity lost its role; here an emptied list
        // of reviewers or owners means nothing is enforced any more, which widens.
        void Listed(string field, string was, string now, bool widens)
        {
            if (was != now)
            {
                trust.Add(new TrustChange(field, was.Length == 0 ? "none" : was, now.Length == 0 ? "none" : now, widens));
            }
        }

        Listed("approval reviewers", before.Reviewers, after.Reviewers, Grows(before.Reviewers, after.Reviewers));
        Listed("self review", before.SelfReview, after.SelfReview, after.SelfReview == "allowed");
        Listed("deployment refs", before.DeploymentRefs, after.DeploymentRefs, Grows(before.DeploymentRefs, after.DeploymentRefs));
        Listed("workflow owners", before.WorkflowOwners, after.WorkflowOwners, Grows(before.WorkflowOwners, after.WorkflowOwners));
        if (before.WaitTimerMinutes != after.WaitTimerMinutes)
        {
            trust.Add(new TrustChange("wait timer", Minutes(before.WaitTimerMinutes), Minutes(after.WaitTimerMinutes), Widens: after.WaitTimerMinutes < before.WaitTimerMinutes));
        }
    }

    /// <summary>A list of people or refs grows when it gains an entry, or loses its last one (then nothing is enforced).</summary>
    private static bool Grows(string before, string after) =>
        (after.Length == 0 && before.Length > 0) || !Pins(before).IsSupersetOf(Pins(after));

    private static string Minutes(int minutes) => minutes.ToString(System.Globalization.CultureInfo.InvariantCulture) + "m";

    private static string LifetimeText(DiffSide.TokenLifetimes l) => string.Create(CultureInfo.InvariantCulture,
        $"stage {Duration(l.Stage)}; vault ttl {Duration(l.Ttl)}, max {Duration(l.MaxTtl)}, explicit max {Duration(l.ExplicitMaxTtl)}; kubernetes token {Duration(l.KubernetesTtl)}, max {Duration(l.KubernetesMaxTtl)}");

    private static string Duration(long seconds) => seconds <= 0 ? "none" : Patterns.FormatDuration(TimeSpan.FromSeconds(seconds));

    private static string DefaultPolicy(bool attached) => attached ? "attached" : "not attached";

    private static string Levels(string lines) => lines.Length == 0 ? "none" : lines.Replace("\n", "; ", StringComparison.Ordinal);

    /// <summary>
    /// Whether any namespace enforces a weaker level than before: a namespace new to the pipeline is
    /// compared with restricted, the default, and a value Kubernetes does not know counts as privileged
    /// (Pod Security Admission then applies the cluster default).
    /// </summary>
    private static bool PodSecurityLowered(string before, string after)
    {
        static Dictionary<string, PodSecurityLevel> Parse(string lines) => lines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => PodSecurity.Parse(p[1]) ?? PodSecurityLevel.Privileged, StringComparer.Ordinal);
        var was = Parse(before);
        return Parse(after).Any(n => n.Value < was.GetValueOrDefault(n.Key, PodSecurityLevel.Restricted));
    }

    /// <summary>
    /// The admission lines each side has alone, short enough for a table: a line replaced by one of the
    /// same policy, kind and variable shows only around where the two differ (a bound, a list of names),
    /// with its policy and kind in front; any other line is cut after <see cref="AdmissionExcerpt"/> characters.
    /// </summary>
    private static (string Removed, string Added) AdmissionChange(HashSet<string> was, HashSet<string> now)
    {
        static string Key(string line) => string.Join(' ', line.Split(' ', 4).Take(line.Contains(" variable ", StringComparison.Ordinal) ? 3 : 2));
        static string Cut(string text) => text.Length <= AdmissionExcerpt ? text : text[..AdmissionExcerpt] + "...";
        var removed = was.Except(now).Order(StringComparer.Ordinal).ToList();
        var added = now.Except(was).Order(StringComparer.Ordinal).ToList();
        var (before, after) = (new List<string>(), new List<string>());
        foreach (var line in removed)
        {
            var key = Key(line);
            var pairs = added.Where(a => Key(a) == key).ToList();
            if (pairs.Count == 1 && removed.Count(r => Key(r) == key) == 1)
            {
                var other = pairs[0];
                var prefix = 0;
                while (prefix < line.Length && prefix < other.Length && line[prefix] == other[prefix])
                {
                    prefix++;
                }

                var suffix = 0;
                while (suffix < line.Length - prefix && suffix < other.Length - prefix && line[^(suffix + 1)] == other[^(suffix + 1)])
                {
                    suffix++;
                }

                string Around(string text)
                {
                    var from = Math.Max(key.Length, prefix - 30);
                    var to = Math.Min(text.Length, text.Length - suffix + 30);
                    return $"{key}: {(from > key.Length ? "..." : "")}{Cut(text[from..to].Trim())}{(to < text.Length ? "..." : "")}";
                }

                before.Add(Around(line));
                after.Add(Around(other));
                added.Remove(other);
            }
            else
            {
                before.Add(Cut(line));
            }
        }

        after.AddRange(added.Select(Cut));
        return (string.Join("; ", before), string.Join("; ", after));
    }

    /// <summary>How much of an admission line a trust change shows.</summary>
    private const int AdmissionExcerpt = 160;

    private static HashSet<string> Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    /// <summary>A changed trust field; one that is now empty (the credential or role is gone) trusts nothing, so it never widens.</summary>
    private static void Changed(ImmutableArray<TrustChange>.Builder trust, string field, string before, string after, bool widens)
    {
        if (before != after)
        {
            trust.Add(new TrustChange(field, before.Length == 0 ? "none" : before, after.Length == 0 ? "none" : after, widens && after.Length > 0));
        }
    }

    private static HashSet<string> Pins(string claims) => claims.Split(", ", StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Gate(bool gated) => gated ? "required" : "none";

    private static ImmutableArray<Finding> Subtract(IReadOnlyList<Finding> from, IReadOnlyList<Finding> remove)
    {
        var known = remove.Select(Key).ToHashSet();
        return [.. from.Where(f => !known.Contains(Key(f)))
            .DistinctBy(Key)
            .OrderBy(f => f.Environment, StringComparer.Ordinal).ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal)];
    }

    private static ImmutableArray<WaivedFinding> NewlyWaived(IReadOnlyList<WaivedFinding> head, IReadOnlyList<WaivedFinding> basis)
    {
        var known = basis.Select(w => Key(w.Finding)).ToHashSet();
        return [.. head.Where(w => !known.Contains(Key(w.Finding)))
            .DistinctBy(w => Key(w.Finding))
            .OrderBy(w => w.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(w => w.Finding.Subject, StringComparer.Ordinal).ThenBy(w => w.Finding.Object, StringComparer.Ordinal)
            .ThenBy(w => w.Finding.Message, StringComparer.Ordinal)];
    }

    /// <summary>Findings both sides waive whose exception expires later at the head: the same access stays unguarded longer.</summary>
    private static ImmutableArray<ExtendedWaiver> Extended(IReadOnlyList<WaivedFinding> head, IReadOnlyList<WaivedFinding> basis)
    {
        var expires = new Dictionary<(string, string, string, string?, string), DateOnly>();
        foreach (var waived in basis)
        {
            var key = Key(waived.Finding);
            expires[key] = expires.TryGetValue(key, out var known) && known > waived.Waiver.Expires ? known : waived.Waiver.Expires;
        }

        return [.. head.Where(w => expires.TryGetValue(Key(w.Finding), out var was) && w.Waiver.Expires > was)
            .DistinctBy(w => Key(w.Finding))
            .OrderBy(w => w.Finding.RuleId, StringComparer.Ordinal)
            .ThenBy(w => w.Finding.Subject, StringComparer.Ordinal).ThenBy(w => w.Finding.Object, StringComparer.Ordinal)
            .ThenBy(w => w.Finding.Message, StringComparer.Ordinal)
            .Select(w => new ExtendedWaiver(w, expires[Key(w.Finding)]))];
    }

    // Locations move whenever lines are added above; a finding is the same finding if rule, place, subject and message agree.
    private static (string, string, string, string?, string) Key(Finding finding) =>
        (finding.RuleId, finding.Environment, finding.Subject, finding.Object, finding.Message);
}
