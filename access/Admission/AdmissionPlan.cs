using System.Collections.Immutable;
using Infra.Access.Planning;

namespace Infra.Access.Admission;

/// <summary>
/// The admission policies of one environment: a <c>ValidatingAdmissionPolicy</c> and its
/// <c>ValidatingAdmissionPolicyBinding</c> per stage ServiceAccount (and one more per stage that
/// runs Jobs, judged against the CronJob itself). RBAC names objects; these decide which fields of
/// those objects a CI identity may change. Their CEL is data: the renderers and the Pulumi layer
/// copy it, a real CEL engine judges it in the tests.
/// </summary>
public sealed record AdmissionPlan(ImmutableArray<AdmissionPolicyDeclaration> Policies)
{
    public static AdmissionPlan Empty { get; } = new([]);
}

/// <summary>
/// One <c>ValidatingAdmissionPolicy</c> (cluster-scoped) and its bindings. It applies only to
/// requests whose user is <see cref="Username"/> (a match condition), so nothing else in the cluster
/// is judged by it. <see cref="Allowances"/> say, as data, which writes the CEL allows: the
/// guardrail K8S019 compares them with the Role's write grants.
/// </summary>
public sealed record AdmissionPolicyDeclaration(
    string Name,
    string Username,
    ImmutableArray<AdmissionMatchRule> MatchRules,
    AdmissionParamKind? ParamKind,
    ImmutableArray<CelVariable> Variables,
    ImmutableArray<CelValidation> Validations,
    string FailurePolicy,
    ImmutableArray<AdmissionBinding> Bindings,
    ImmutableArray<AdmissionAllowance> Allowances,
    ImmutableSortedDictionary<string, string> Labels,
    Owner Owner)
{
    public const string Fail = "Fail";

    /// <summary>The match condition's name and expression: the policy judges this identity's requests only.</summary>
    public (string Name, string Expression) MatchCondition => ("ci-identity", $"request.userInfo.username == {Cel.Quote(Username)}");
}

/// <summary>A resource rule of the policy's <c>matchConstraints</c>.</summary>
public sealed record AdmissionMatchRule(
    ImmutableArray<string> ApiGroups,
    ImmutableArray<string> ApiVersions,
    ImmutableArray<string> Operations,
    ImmutableArray<string> Resources);

/// <summary>The kind of object a policy reads as <c>params</c> (the CronJob a Job must come from).</summary>
public sealed record AdmissionParamKind(string ApiVersion, string Kind);

/// <summary>A named CEL expression of the policy, read by later ones as <c>variables.&lt;name&gt;</c>.</summary>
public sealed record CelVariable(string Name, string Expression);

/// <summary>An expression that must be true, and what the API server answers when it is not.</summary>
public sealed record CelValidation(string Expression, string Message);

/// <summary>
/// A <c>ValidatingAdmissionPolicyBinding</c>: the policy applies with these actions; when
/// <see cref="Param"/> is set, the policy's <c>params</c> is that object (missing: denied).
/// </summary>
public sealed record AdmissionBinding(string Name, ImmutableArray<string> ValidationActions, AdmissionParamRef? Param, string? Namespace);

/// <summary>The object a binding passes as <c>params</c>.</summary>
public sealed record AdmissionParamRef(string Name, string Namespace);

/// <summary>
/// A write the policy's CEL lets through, for one capability use: the API group, resource and
/// subresource (empty for the object itself), the admission operation (CREATE, UPDATE), the
/// namespace and the object names (empty: any name, for CREATE).
/// </summary>
public sealed record AdmissionAllowance(
    string Capability,
    string ApiGroup,
    string Resource,
    string Subresource,
    string Operation,
    string Namespace,
    ImmutableArray<string> Names);
