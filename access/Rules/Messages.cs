using System.Globalization;

namespace Infra.Access.Rules;

/// <summary>Every finding message of every guardrail, in one place, so wording stays consistent.</summary>
internal static class Messages
{
    private static string List(IEnumerable<string> items) => string.Join(", ", items);

    private static string Seconds(int seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds}s");

    // Kubernetes
    public static string RbacWildcard(string rule, string field, string value) => $"{rule} has wildcard '{value}' in {field}: it grants everything that exists now and later";

    public static string EscalationVerb(string rule, string verb, IEnumerable<string> resources) => $"{rule} grants escalation verb '{verb}' on {List(resources)}";

    public static string TokenCreate(string rule) => $"{rule} grants create on serviceaccounts/token: it can mint tokens for any ServiceAccount of the namespace";

    public static string PodShell(string rule, string resource) => $"{rule} grants {resource}: a shell, attach, port-forward or kubelet proxy escapes the Role";

    public static string SecretAccess(string rule, IEnumerable<string> verbs) => $"{rule} grants {List(verbs)} on secrets: CI reads secrets from Vault only";

    public static string ClusterScoped(string kind, string name) => $"{kind} {name} is cluster-scoped access: pipeline identities get namespaced Roles and RoleBindings only";

    public static string PrivilegedRoleRef(string binding, string role) => $"RoleBinding {binding} binds the built-in role '{role}'";

    public static string SystemSubject(string binding, string kind, string name) => $"RoleBinding {binding} binds system subject {kind} '{name}'";

    public static string SensitiveWrite(string rule, string group, string resource, IEnumerable<string> verbs) =>
        $"{rule} grants {List(verbs)} on {(group.Length == 0 ? "" : group + "/")}{resource}: writes to security objects belong to the platform, not a pipeline";

    public static string NamedCollectionVerbs(string rule, IEnumerable<string> verbs) => $"{rule} combines resourceNames with {List(verbs)}: resourceNames restrict nothing for these verbs";

    public static string Automount(string serviceAccount) => $"ServiceAccount {serviceAccount} has automountServiceAccountToken true";

    public static string ReservedNamespace(string ns) => $"declares objects in namespace '{ns}': default and kube-* namespaces are never pipeline targets";

    public static string NoDefaultDeny(string ns) => $"namespace '{ns}' has no default-deny NetworkPolicy (ingress and egress) in the plan";

    public static string ForeignRole(string binding, string role) => $"RoleBinding {binding} refers to Role '{role}' that the plan does not declare for the same stage in that namespace";

    public static string ForeignSubject(string binding, string kind, string name) => $"RoleBinding {binding} binds {kind} '{name}', which is not the stage's own ServiceAccount";

    // Vault
    public static string PolicyGlob(string policy, string path) => $"policy {policy} path '{path}' holds a glob: name exact secret paths";

    public static string Sudo(string policy, string path) => $"policy {policy} grants sudo on '{path}'";

    public static string SystemPath(string policy, string path) => $"policy {policy} reaches Vault system path '{path}' (sys/, auth/ and identity/ are off limits)";

    public static string JwtNoIdentity(string role) => $"JWT role {role} belongs to no stage identity of the plan";

    public static string JwtClaim(string role, string claim, string? actual, string expected) =>
        $"JWT role {role} binds {claim} to {(actual is null ? "nothing" : $"'{actual}'")}; expected '{expected}'";

    public static string JwtAudiences(string role, IEnumerable<string> audiences, string expected) =>
        $"JWT role {role} bound_audiences are [{List(audiences)}]; expected exactly [{expected}]";

    public static string JwtClaimsType(string role, string type) => $"JWT role {role} has bound_claims_type '{type}': claims must be compared as exact strings";

    public static string JwtClaimGlob(string role, string claim, string value) => $"JWT role {role} claim {claim} '{value}' holds a glob";

    public static string TtlAboveCeiling(string what, string field, int value, int ceiling) =>
        value <= 0 ? $"{what} has {field} {Seconds(value)}: zero falls back to Vault's long default" : $"{what} has {field} {Seconds(value)}, above the environment's ceiling of {Seconds(ceiling)}";

    public static string DefaultPolicy(string role, string what) => $"JWT role {role}: {what}; CI tokens carry their stage's policy only";

    public static string ForeignPolicy(string role, string policy, string? owner) =>
        owner is null ? $"JWT role {role} attaches policy '{policy}', which the plan does not declare" : $"JWT role {role} attaches policy '{policy}' of {owner}";

    public static string SecretRoleNamespaces(string role, IEnumerable<string> namespaces) => $"Kubernetes secrets role {role} allows namespaces [{List(namespaces)}]; exactly one, without '*', is required";

    public static string SecretRoleAccount(string role, string account, string? owner) =>
        owner is null ? $"Kubernetes secrets role {role} mints tokens for ServiceAccount {account}, which the plan does not declare" : $"Kubernetes secrets role {role} mints tokens for ServiceAccount {account} of {owner}";

    public static string AuditDevices(int count, int required, bool production) => $"{count} Vault audit device(s) declared; {(production ? "production" : "every environment")} needs at least {required}";
}
