using System.Collections.Immutable;

namespace Infra.Access.Usage;

public enum ObservationKind
{
    /// <summary>Not a final record of a request (an audit stage before ResponseComplete, a Vault request entry that was allowed).</summary>
    NotCounted,

    /// <summary>Not a CI identity of this environment: a person, a controller, a workload.</summary>
    NotCi,

    /// <summary>A stage logged in to Vault through its JWT role.</summary>
    Login,

    /// <summary>A stage used one of its grants.</summary>
    Used,

    /// <summary>A request every authenticated identity may make (API discovery, self access reviews).</summary>
    Everyone,

    Anomaly,
}

/// <summary>
/// What one audit record means against the plan. For anomalies, <see cref="Principal"/> is who acted
/// as the log names it and <see cref="Action"/> what it did; <see cref="Identity"/> is the planned
/// identity concerned, when there is one.
/// </summary>
public readonly record struct Observation(
    ObservationKind Kind,
    PlannedIdentity? Identity = null,
    int Grant = -1,
    AnomalyKind? Anomaly = null,
    string? Principal = null,
    string? Action = null,
    string? Detail = null);

/// <summary>
/// Every decision of <c>access usage</c> about one record: pure (record and plan in, meaning out),
/// so the same record always means the same thing whatever came before it.
/// </summary>
public static class UsageClassifier
{
    private const string ServiceAccountPrefix = "system:serviceaccount:";

    // Granted to every authenticated user by the cluster's default ClusterRoles (system:discovery,
    // system:basic-user, system:public-info-viewer): using them is no use of a stage's grants.
    private static readonly ImmutableHashSet<string> EveryoneResources = ImmutableHashSet.Create(StringComparer.Ordinal,
        "authorization.k8s.io/selfsubjectaccessreviews", "authorization.k8s.io/selfsubjectrulesreviews", "authentication.k8s.io/selfsubjectreviews");

    private static readonly ImmutableArray<string> EveryonePaths = ["/api", "/apis", "/version", "/openapi/", "/healthz", "/livez", "/readyz"];

    public static Observation Classify(UsageIndex index, AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(index);
        return record switch
        {
            KubernetesAuditEvent k => Kubernetes(index, k),
            VaultAuditEntry v => Vault(index, v),
            _ => new Observation(ObservationKind.NotCounted),
        };
    }

    private static Observation Kubernetes(UsageIndex index, KubernetesAuditEvent e)
    {
        // One request is logged at each stage it reaches; ResponseComplete (or Panic) carries its outcome, once.
        if (e.Stage is not ("ResponseComplete" or "Panic"))
        {
            return new Observation(ObservationKind.NotCounted);
        }

        // The action's text is built only for anomalies: a used grant needs none, and most records are that.
        if (e.ImpersonatedUser is { } target)
        {
            // The request is authorized as the impersonated user: a stage identity acted as by someone else.
            if (index.ByServiceAccountUser(target) is { } acted && e.Username != target)
            {
                return Anomaly(AnomalyKind.OutsideSubject, acted, target, KubernetesAction(e), $"impersonated by {e.Username}");
            }

            if (index.ByServiceAccountUser(e.Username) is { } impersonator)
            {
                return e.Code == 403
                    ? Anomaly(AnomalyKind.Denied, impersonator, e.Username, KubernetesAction(e), $"as {target}")
                    : Anomaly(AnomalyKind.BeyondPlan, impersonator, e.Username, KubernetesAction(e), $"impersonating {target} (HTTP {e.Code})");
            }

            return LooksLikeCi(index, target) ? Anomaly(AnomalyKind.Unknown, null, target, KubernetesAction(e), $"impersonated by {e.Username}") : new Observation(ObservationKind.NotCi);
        }

        if (index.ByServiceAccountUser(e.Username) is not { } identity)
        {
            return LooksLikeCi(index, e.Username) ? Anomaly(AnomalyKind.Unknown, null, e.Username, KubernetesAction(e), Code(e)) : new Observation(ObservationKind.NotCi);
        }

        if (!e.ServiceAccountGroup)
        {
            // Named like the stage's account but not authenticated as a ServiceAccount: someone poses as it.
            return Anomaly(AnomalyKind.OutsideSubject, identity, e.Username, KubernetesAction(e), "a user named like the ServiceAccount, without the system:serviceaccounts group");
        }

        if (e.PodName is { } pod)
        {
            // Stage tokens are minted by Vault's Kubernetes secrets engine, bound to no pod; a pod-bound
            // token means a pod runs as the stage's ServiceAccount.
            return Anomaly(AnomalyKind.OutsideSubject, identity, e.Username, KubernetesAction(e), $"pod-bound token of pod {pod}");
        }

        if (identity.IsRevokedAt(e.Time))
        {
            return Anomaly(AnomalyKind.Inactive, identity, e.Username, KubernetesAction(e), $"pipeline {identity.Stage.State.ToString().ToLowerInvariant()}; {Code(e)}");
        }

        if (e.Code == 403)
        {
            return Anomaly(AnomalyKind.Denied, identity, e.Username, KubernetesAction(e), Code(e));
        }

        if (e.Resource is { } resource && e.Namespace is { } ns)
        {
            var grant = index.KubernetesGrant(identity.Id, ns, e.Verb, string.IsNullOrEmpty(e.ApiGroup) ? "core" : e.ApiGroup, resource, e.Subresource ?? "", e.Name);
            if (grant >= 0)
            {
                return new Observation(ObservationKind.Used, identity, grant);
            }
        }

        if (IsEveryone(e))
        {
            return new Observation(ObservationKind.Everyone, identity);
        }

        // Authorization comes first: any answer but 401/403 means the request was allowed.
        return Anomaly(AnomalyKind.BeyondPlan, identity, e.Username, KubernetesAction(e), Code(e));
    }

    private static Observation Vault(UsageIndex index, VaultAuditEntry v)
    {
        var denied = v.Error is { } error && error.Contains("permission denied", StringComparison.OrdinalIgnoreCase);
        // A request is logged before it is served and its response after: count the response; a
        // denial is often logged as a request entry only (the ACL check fails before any response).
        if (!v.IsResponse && !denied)
        {
            return new Observation(ObservationKind.NotCounted);
        }

        var fromJwt = v.DisplayName is { } display && display.StartsWith(index.JwtDisplayPrefix, StringComparison.Ordinal);
        var identity = fromJwt && v.Role is { } role ? index.ByVaultRole(role) : null;
        if (identity is null)
        {
            if (fromJwt)
            {
                return Anomaly(AnomalyKind.Unknown, null, $"vault role {v.Role ?? "(none)"} ({v.DisplayName})", Action(v), Outcome(v));
            }

            // A token from elsewhere (another auth method, a token created by hand) that carries a stage's policy.
            foreach (var policy in v.Policies)
            {
                if (index.ByVaultPolicy(policy) is { } owner)
                {
                    return Anomaly(AnomalyKind.OutsideSubject, owner, $"vault token {v.DisplayName ?? "(no display name)"}", Action(v), $"carries policy {policy}; {Outcome(v)}");
                }
            }

            return new Observation(ObservationKind.NotCi);
        }

        var principal = $"vault role {identity.VaultRole}";
        if (index.Definition.Environment.Ci.UserClaim == "sub" && v.DisplayName != identity.JwtDisplayName)
        {
            // The role accepted a token whose subject is not the stage's: Vault's role is not the planned one.
            return Anomaly(AnomalyKind.OutsideSubject, identity, principal, Action(v), $"subject {v.DisplayName![index.JwtDisplayPrefix.Length..]}, declared {identity.Stage.CiSubject}");
        }

        if (identity.IsRevokedAt(v.Time))
        {
            return Anomaly(AnomalyKind.Inactive, identity, principal, Action(v), $"pipeline {identity.Stage.State.ToString().ToLowerInvariant()}; {Outcome(v)}");
        }

        if (denied)
        {
            return Anomaly(AnomalyKind.Denied, identity, principal, Action(v), Outcome(v));
        }

        if (v.Error is not null)
        {
            // Failed for another reason (bad request, missing secret): authorized, not a use of anything.
            return new Observation(ObservationKind.NotCounted);
        }

        if (v.Path == index.JwtLoginPath)
        {
            var extra = v.Policies.Where(p => p != identity.VaultPolicy).ToList();
            return extra.Count == 0
                ? new Observation(ObservationKind.Login, identity)
                : Anomaly(AnomalyKind.BeyondPlan, identity, principal, Action(v), $"token carries policies {string.Join(", ", extra)}");
        }

        var grant = index.VaultGrant(identity.Id, v.Path, v.Operation);
        return grant >= 0 ? new Observation(ObservationKind.Used, identity, grant) : Anomaly(AnomalyKind.BeyondPlan, identity, principal, Action(v), Outcome(v));
    }

    /// <summary>
    /// CI-looking: a ServiceAccount named like a stage's (<c>ci-…</c>, in any namespace) or living in a
    /// pipeline namespace, where only the plan's stage accounts should call the API.
    /// </summary>
    private static bool LooksLikeCi(UsageIndex index, string user)
    {
        if (!user.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = user.AsSpan(ServiceAccountPrefix.Length);
        var colon = rest.IndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        return rest[(colon + 1)..].StartsWith("ci-", StringComparison.Ordinal) || index.IsPipelineNamespace(rest[..colon]);
    }

    private static bool IsEveryone(KubernetesAuditEvent e)
    {
        if (e.Resource is null)
        {
            var uri = e.RequestUri ?? "";
            var query = uri.IndexOf('?', StringComparison.Ordinal);
            var path = query < 0 ? uri : uri[..query];
            return e.Verb == "get" && EveryonePaths.Any(p => path == p || (p.EndsWith('/') ? path.StartsWith(p, StringComparison.Ordinal) : path.StartsWith(p + "/", StringComparison.Ordinal)));
        }

        return e.Verb == "create" && e.Namespace is null && EveryoneResources.Contains($"{e.ApiGroup}/{e.Resource}");
    }

    private static string KubernetesAction(KubernetesAuditEvent e)
    {
        if (e.Resource is null)
        {
            return $"{e.Verb} {e.RequestUri}";
        }

        var resource = (string.IsNullOrEmpty(e.ApiGroup) ? "core" : e.ApiGroup) + "/" + e.Resource + (string.IsNullOrEmpty(e.Subresource) ? "" : "/" + e.Subresource);
        return $"{e.Verb} {resource}{(e.Name is null ? "" : ":" + e.Name)}{(e.Namespace is null ? " (cluster)" : " in " + e.Namespace)}";
    }

    private static string Action(VaultAuditEntry v) => $"{v.Operation} {v.Path}";

    private static string Code(KubernetesAuditEvent e) => e.Code == 0 ? "no response code" : $"HTTP {e.Code}";

    private static string Outcome(VaultAuditEntry v) => v.Error is null ? "allowed" : v.Error.Trim();

    private static Observation Anomaly(AnomalyKind kind, PlannedIdentity? identity, string principal, string action, string detail) =>
        new(ObservationKind.Anomaly, identity, -1, kind, principal, action, detail);
}
