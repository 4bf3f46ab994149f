using System.Collections.Immutable;
using Infra.Access.Rules;

namespace Infra.Access.Usage;

/// <summary>
/// A kind of anomaly <c>access usage</c> reports, with a stable ID of its own catalog (<c>USE…</c>,
/// never reused or renumbered; they are not guardrails: they judge what happened, not the definition).
/// </summary>
public sealed record AnomalyKind(string Id, string Name, Severity Severity, string Summary, string Recommendation)
{
    public static AnomalyKind Denied { get; } = new(
        "USE001", "ci-request-denied", Severity.Warning,
        "A CI identity of the plan was denied a request (Kubernetes 403, Vault permission denied): it tried something outside its grants.",
        "Find the job that made the request (time, source address). A pipeline that needs the access asks for the capability in the definition; otherwise the job, or whoever holds its token, is doing something it should not.");

    public static AnomalyKind Inactive { get; } = new(
        "USE002", "inactive-pipeline-activity", Severity.Error,
        "An identity of a paused, decommissioned or suspended pipeline was used: its access was removed and something still acts as it (revocation that did not work).",
        "Check that `pulumi up` ran since the state changed (no RoleBinding, JWT role or federated credential left) and revoke the identity's live tokens (Vault token revoke by accessor, delete the ServiceAccount's bound tokens).");

    public static AnomalyKind Unknown { get; } = new(
        "USE003", "unknown-ci-identity", Severity.Error,
        "A CI-looking identity the plan does not know acted: a ServiceAccount in a pipeline namespace or named like a stage's, or a role of the CI JWT auth mount, that no stage of the definition declares.",
        "Find who created the identity: every CI identity comes from the definition. Delete it, or declare the pipeline it belongs to through a reviewed change.");

    public static AnomalyKind OutsideSubject { get; } = new(
        "USE004", "identity-used-outside-ci", Severity.Error,
        "A stage identity was used from outside its declared CI subject: impersonated, through a pod-bound token, with a Vault token not from its JWT role, or logged in with another subject.",
        "Treat the identity as compromised: revoke its tokens, find the pod, user or token that acted as it, and remove the path (impersonation grant, pod spec, token role) that allowed it.");

    public static AnomalyKind BeyondPlan { get; } = new(
        "USE005", "grant-beyond-plan", Severity.Error,
        "A CI identity of the plan did something the plan does not grant, and it was allowed: the cluster or Vault holds more than the definition declares (drift, or a removed grant still in place).",
        "Compare the live Roles, bindings and Vault policies with `access render`; run `pulumi up` to remove what the definition does not declare, and find who added it.");

    public static ImmutableArray<AnomalyKind> All { get; } = [Denied, Inactive, Unknown, OutsideSubject, BeyondPlan];
}
