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

    public static string PodWriterBorrowsAccount(string ns, string account, string owner, IEnumerable<string> namespaces) =>
        $"can change pod templates in '{ns}', where ServiceAccount {account} of {owner} lives: a pod run as that account gets its writes in {List(namespaces)}, which this stage does not hold";

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

    public static string PlatformNamespaceOwned(string what, string ns) => $"{what} '{ns}', which belongs to the platform: no pipeline owns or is granted anything in a platform namespace";

    public static string PeerNamespaceClaimed(string ns, string peerOf) => $"claims namespace '{ns}', which {peerOf} names as a network peer: whoever deploys there gets the flows granted to that peer";

    public static string PlatformPeer(string direction, string ns) => $"{direction} peer namespace '{ns}' belongs to the platform and is not a declared platform service (environment.cluster.platformServices)";

    public static string CidrRefused(string direction, string cidr, string reason) => $"{direction} peer {cidr} {reason}";

    public static string CidrUnionRefused(string direction, string policy, string reason) => $"{direction} CIDR peers of NetworkPolicy {policy} {reason}";

    public static string NoDefaultDeny(string ns) => $"namespace '{ns}' has no default-deny NetworkPolicy (ingress and egress) in the plan";

    public static string ForeignRole(string binding, string role) => $"RoleBinding {binding} refers to Role '{role}' that the plan does not declare for the same stage in that namespace";

    public static string ForeignSubject(string binding, string kind, string name) => $"RoleBinding {binding} binds {kind} '{name}', which is not the stage's own ServiceAccount";

    public static string WriteNotCoveredByAdmission(string role, string write, string username, bool hasPolicy) =>
        hasPolicy
            ? $"Role {role} grants {write}, which the admission policy of {username} does not allow as a capability: RBAC and admission disagree, the grant comes from outside the catalog"
            : $"Role {role} grants {write}, but no enforcing admission policy judges {username} (matching all its requests, failurePolicy Fail, bound with Deny): the write controls the whole object";

    // Pod Security Admission (K8S023-K8S025)
    public static string PodSecurityMissing(string ns) => $"namespace '{ns}' has no Pod Security labels in the plan: pods there are admitted at the cluster's default level (privileged unless configured)";

    public static string PodSecurityDiffers(string ns, string label, string? planned, string expected) =>
        $"namespace '{ns}' is labelled {label}={planned ?? "(none)"} in the plan, but the definition asks for {expected}";

    public static string PodSecurityRepeated(string ns, int count) => $"namespace '{ns}' has {count} Pod Security label patches in the plan: the last one applied would win";

    public static string PodSecurityForeign(string ns) => $"patches the Pod Security labels of namespace '{ns}', which is not one of the pipeline's namespaces";

    public static string PodSecurityPlatform(string ns) => $"patches the Pod Security labels of namespace '{ns}', which belongs to the platform: its level is the platform's to set";

    public static string PodSecurityPrivileged(string ns, bool production) =>
        $"namespace '{ns}' enforces Pod Security level privileged: a pod there can be root on its node{(production ? "; never in production" : "")}";

    public static string PodSecurityNoReason(string ns, string level) => $"namespace '{ns}' enforces Pod Security level {level} without the override's reason";

    public static string NamespaceWrite(string rule, IEnumerable<string> verbs, string resource) =>
        $"{rule} grants {List(verbs)} on {resource}: a pipeline that writes its namespace relabels its own Pod Security level (or deletes everything in it)";

    // Vault
    public static string PolicyGlob(string policy, string path) => $"policy {policy} path '{path}' holds a glob: name exact secret paths";

    public static string Sudo(string policy, string path) => $"policy {policy} grants sudo on '{path}'";

    public static string SystemPath(string policy, string path, string segment) =>
        $"policy {policy} reaches Vault system path '{path}' (segment '{segment}': sys, auth, identity and cubbyhole are off limits at any depth)";

    public static string SecretsEngineForeignPath(string policy, string path, string engine, string own) =>
        $"policy {policy} reaches '{path}' on the Kubernetes secrets engine '{engine}': a stage reaches only its own role's creds path '{own}'";

    public static string SecretRoleBackend(string role, string backend, string engine) =>
        $"Kubernetes secrets-engine role {role} is declared on '{backend}', not on the environment's Kubernetes secrets engine '{engine}'";

    public static string SecretsEngineNoRole(string policy, string path, string engine) =>
        $"policy {policy} reaches '{path}' on the Kubernetes secrets engine '{engine}': the stage has no Kubernetes capability, so no role of its own there";

    public static string SecretsEngineCapabilities(string policy, string path, IEnumerable<string> capabilities) =>
        $"policy {policy} grants {List(capabilities)} on '{path}': a stage's creds path gets update only (it mints the token)";

    public static string VaultPathNotExact(string policy, string path) =>
        $"policy {policy} path '{path}' is not written exactly (a leading, trailing or doubled '/', a '.' or '..' segment, or a glob)";

    public static string VaultPathOutsideMounts(string policy, string path, IEnumerable<string> mounts) =>
        $"policy {policy} path '{path}' lies under none of the environment's secret mounts ({List(mounts)})";

    public static string KvPath(string policy, string problem) => $"policy {policy}: {problem}";

    public static string KvCapabilities(string policy, string path, IEnumerable<string> capabilities) =>
        $"policy {policy} grants {List(capabilities)} on '{path}', which the stage's read-secret (read) and write-secret (create, update) do not";

    public static string KvUndeclared(string policy, string path) =>
        $"policy {policy} grants '{path}', which the stage does not list under read-secret or write-secret";

    public static string JwtNoIdentity(string role) => $"JWT role {role} belongs to no stage identity of the plan";

    public static string JwtClaim(string role, string claim, string? actual, string expected) =>
        $"JWT role {role} binds {claim} to {(actual is null ? "nothing" : $"'{actual}'")}; expected '{expected}'";

    public static string JwtAudiences(string role, IEnumerable<string> audiences, string expected) =>
        $"JWT role {role} bound_audiences are [{List(audiences)}]; expected exactly [{expected}]";

    public static string JwtClaimsType(string role, string type) => $"JWT role {role} has bound_claims_type '{type}': claims must be compared as exact strings";

    public static string JwtClaimGlob(string role, string claim, string value) => $"JWT role {role} claim {claim} '{value}' holds a glob";

    /// <summary>Every TTL field of one role out of range, in one message: they come from one value.</summary>
    public static string TtlsAboveCeiling(string what, IReadOnlyList<(string Field, int Value)> fields, int ceiling)
    {
        var listed = string.Join(", ", fields.Select(f => $"{f.Field} {Seconds(f.Value)}"));
        return fields.Any(f => f.Value <= 0)
            ? $"{what} has {listed}: zero falls back to Vault's long default, and the ceiling is {Seconds(ceiling)}"
            : $"{what} has {listed}, above the environment's ceiling of {Seconds(ceiling)}";
    }

    public static string DefaultPolicy(string role, string what) => $"JWT role {role}: {what}; CI tokens carry their stage's policy only";

    public static string ForeignPolicy(string role, string policy, string? owner) =>
        owner is null ? $"JWT role {role} attaches policy '{policy}', which the plan does not declare" : $"JWT role {role} attaches policy '{policy}' of {owner}";

    public static string SecretRoleNamespaces(string role, IEnumerable<string> namespaces) => $"Kubernetes secrets role {role} allows namespaces [{List(namespaces)}]; exactly one, without '*', is required";

    public static string SecretRoleAccount(string role, string account, string? owner) =>
        owner is null ? $"Kubernetes secrets role {role} mints tokens for ServiceAccount {account}, which the plan does not declare" : $"Kubernetes secrets role {role} mints tokens for ServiceAccount {account} of {owner}";

    public static string AuditDevices(int count, int required, bool production) => $"{count} Vault audit device(s) declared; {(production ? "production" : "every environment")} needs at least {required}";

    // Azure
    public static string AzureWildcard(string role, string field, string action) => $"custom role {role} has wildcard '{action}' in {field}";

    public static string PrivilegedAzureRole(string identity, string role) => $"managed identity {identity} is assigned the built-in role '{role}'";

    public static string BroadScope(string what, string scope) => $"{what} is '{scope}', not a single resource";

    public static string FederatedSubject(string credential, string subject, string? expected) =>
        expected is null ? $"federated credential {credential} (subject '{subject}') belongs to no stage identity of the plan" : $"federated credential {credential} trusts subject '{subject}'; expected exactly '{expected}'";

    public static string FederatedIssuer(string credential, string issuer, string expected) => $"federated credential {credential} trusts issuer '{issuer}'; expected '{expected}'";

    public static string NotGitHubIssuer(string issuer) => $"production CI issuer '{issuer}' is not GitHub's token issuer (https://token.actions.githubusercontent.com[/ENTERPRISE]): whoever runs it can mint a token for every production identity";

    public static string FederatedAudience(string credential, IEnumerable<string> audiences, string expected) => $"federated credential {credential} audiences are [{List(audiences)}]; expected exactly [{expected}]";

    public static string TooManyCredentials(string identity, int count, int limit) => string.Create(CultureInfo.InvariantCulture, $"managed identity {identity} has {count} federated credentials; Azure allows {limit}");

    public static string NoAuditSink() => "production declares no Log Analytics audit sink for the cluster";

    public static string MissingAuditCategory(string workspace, string category) => $"the cluster's diagnostic setting to {workspace} does not send {category}";

    public static string Retention(string what, int days, int floor) => string.Create(CultureInfo.InvariantCulture, $"{what} keeps audit records {days} days; the floor for this tier is {floor}");

    public static string UnlockedWithoutLockBy() =>
        "production immutable audit storage policy is 'Unlocked' with no audit.lockBy: only a first deployment may leave it Unlocked, until the follow-up pulumi up locks it";

    public static string LockOverdue(DateOnly lockBy) =>
        string.Create(CultureInfo.InvariantCulture, $"production immutable audit storage policy is still 'Unlocked', and its lockBy {lockBy:yyyy-MM-dd} has passed: declare immutabilityPolicy: Locked and run pulumi up");

    public static string LockTooFar(DateOnly lockBy, DateOnly latest) =>
        string.Create(CultureInfo.InvariantCulture, $"production immutable audit storage policy is 'Unlocked' until lockBy {lockBy:yyyy-MM-dd}, beyond the 14-day limit (latest {latest:yyyy-MM-dd})");

    public static string NoImmutableStorage(string? state) => state is null ? "production audit records have no immutable storage" : $"production immutable audit storage policy is '{state}', not Locked";

    // Separation of duties
    public static string ApproverIsMaintainer(IEnumerable<string> people) => $"{List(people)} both maintain and approve the pipeline: nobody may approve their own change";

    public static string SharedCiToken(string pipeline, IEnumerable<string> stages, string subject) =>
        $"stages {List(stages)} of pipeline {pipeline} accept the same CI token (subject {subject}, same claims): any job of that repository and CI environment can assume any of them";

    public static string SharedCiTokenAcrossPipelines(IEnumerable<string> stages, IEnumerable<string> subjects) =>
        $"stages {List(stages)} of different pipelines accept the same CI token (subject {List(subjects)}, same claims as GitHub compares names, ignoring case): a job of either pipeline can assume the other's stage";

    public static string RepositoryNotOwned(string repository, IEnumerable<string> owners) =>
        $"repository {repository} is not owned by {string.Join(", ", owners)}: its owner controls its CI environments, approval rules and branches, so any job there could assume the pipeline's stages";

    public static string NoRepositoryOwner(string audience) =>
        $"production CI settings name no repository owner: audience '{audience}' is not https://github.com/OWNER and ci.repositoryOwners is not set, so nothing keeps forks and other owners' repositories out";

    public static string NoRefPinned(string pipeline) =>
        $"production pipeline {pipeline} sets no ref: a job on any branch that names the CI environment can assume its stages";

    public static string NoWorkflowPinned(string stage) =>
        $"production stage {stage} names no workflow: any workflow file of the repository, including one added by a pull request, can assume it";

    public static string SharedFederatedSubject(IEnumerable<string> stages, IEnumerable<string> subjects) =>
        $"federated credentials of stages {List(stages)} of different pipelines trust the same CI subject ({List(subjects)}, as GitHub compares names, ignoring case): a job of either pipeline can assume the other's managed identity";

    public static string PushAndDeploy(string stage) => $"stage {stage} pushes images and also writes to Kubernetes: build and deploy are separate stages";

    public static string SecretWriterDoesMore(string stage, string path) => $"stage {stage} writes secret '{path}' and also holds Kubernetes or Azure rights: only secret-rotation stages write secrets";

    public static string NotGated(string what, string? actual, string? gate) =>
        gate is null ? $"{what} writes in production but the environment has no approval-gated CI environment" : $"{what} accepts CI environment '{actual}'; production writes need '{gate}'";

    // Isolation
    public static string Shared(string kind, string key, string environment) => $"{(kind.Length == 0 ? "" : kind + " ")}{key} is also declared by environment '{environment}'";

    public static string SharedInside(string what, string outer, string environment) => $"{what} lies inside {outer} of environment '{environment}'";

    public static string SharedContains(string what, string inner, string environment) => $"{what} contains {inner} of environment '{environment}'";

    public static string OutsideSubscription(string what, string id, string subscription) => $"{what} {id} lies outside the environment's subscription {subscription}";

    public static string NoSubscription(string what, string id, string subscription) => $"{what} {id} names no subscription; it must lie in the environment's subscription {subscription}";

    public static string SharedWithinEnvironment(string what, int count, IEnumerable<string> owners) =>
        string.Create(CultureInfo.InvariantCulture, $"{what} is declared {count} times (by {List(owners)}): one identity per environment, pipeline and stage");

    public static string NoStageOwner(string what) => $"{what} belongs to no stage: identities are per environment, pipeline and stage";

    // Lifecycle
    public static string InactiveGrant(string what, string state) => $"{what} is declared for a {state} pipeline, which holds no grants";

    public static string ReviewOverdue(DateOnly reviewBy, DateOnly today) =>
        string.Create(CultureInfo.InvariantCulture, $"review-by date {reviewBy:yyyy-MM-dd} has passed (today is {today:yyyy-MM-dd})");

    public static string ReviewOverdueSuspended(DateOnly reviewBy, DateOnly today) =>
        string.Create(CultureInfo.InvariantCulture, $"suspended: review overdue; the review-by date {reviewBy:yyyy-MM-dd} has passed (today is {today:yyyy-MM-dd}), so the pipeline is planned as paused and holds no access until reviewBy moves forward");

    public static string ExceptionExpired(string rule, DateOnly expires, string approvedBy) =>
        string.Create(CultureInfo.InvariantCulture, $"exception for {rule} expired on {expires:yyyy-MM-dd} (approved by {approvedBy}); it no longer applies");

    public static string ExceptionRefused(string rule, bool unknown) =>
        unknown ? $"exception names unknown rule {rule}; it waives nothing" : $"exception for {rule} is refused: the rule is not waivable";

    public static string ExceptionRefusedInProduction(string rule) => $"exception for {rule} is refused: the rule is not waivable in production";

    public static string ExceptionWithoutObject(string rule, string kind) =>
        $"exception for {rule} names no object; it must name the exact {kind} it waives, or it would waive every later finding of the rule for the subject";

    public static string ExceptionWithObject(string rule, string @object) =>
        $"exception for {rule} names object '{@object}', but the rule's findings carry none; leave object out";

    public static string ExceptionInSystemNamespace(string rule, string ns) =>
        $"exception for {rule} in system namespace '{ns}' is refused: the rule is not waivable in default or kube-* namespaces";

    public static string ExceptionTooLong(string rule, DateOnly expires, int days, DateOnly latest, bool production) =>
        string.Create(CultureInfo.InvariantCulture, $"exception for {rule} expires {expires:yyyy-MM-dd}, beyond the {days}-day limit{(production ? " of production" : "")} (latest {latest:yyyy-MM-dd}); it waives nothing");

    public static string ReviewTooFar(DateOnly reviewBy, int months, DateOnly latest, bool production) =>
        string.Create(CultureInfo.InvariantCulture, $"review-by date {reviewBy:yyyy-MM-dd} is more than {months} months ahead{(production ? " in production" : "")} (latest {latest:yyyy-MM-dd})");

    // GitHub governance (GHB001-GHB007).
    public static string GateWithoutEnvironment(string identity, string environment, string repository) =>
        $"{identity} runs in approval environment '{environment}', which the plan does not declare in {repository}: GitHub would create it on first use, without reviewers";

    public static string GateWithoutReviewer(string identity, string environment, string repository) =>
        $"{identity} runs in approval environment '{environment}' of {repository}, which has no required reviewer: nobody approves before the job gets its token";

    public static string ReviewerMaintains(string environment, string repository, IEnumerable<string> people) =>
        $"{string.Join(", ", people)} both review environment '{environment}' of {repository} and maintain a pipeline of it";

    public static string SelfReviewAllowed(string environment, string repository) =>
        $"environment '{environment}' of {repository} has required reviewers but does not prevent self-review: whoever triggers a run may approve it";

    public static string BranchPolicyWider(string pipeline, string environment, string gitRef, string what) =>
        $"environment '{environment}' admits {what}, wider than pipeline {pipeline}'s ref {gitRef}";

    public static string TooManyReviewers(string environment, string repository, int count, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"environment '{environment}' of {repository} has {count} required reviewers; GitHub takes at most {limit}");

    public static string CodeOwnersPatternUnsafe(string repository, string pattern) =>
        $"CODEOWNERS line '{pattern}' of {repository} is not the literal path of a workflow file or of CODEOWNERS: spaces, '#', '!', '\\' and glob characters change which files a line owns";

    public static string WorkflowNotOwned(string identity, string workflow, string repository) =>
        $"workflow {workflow} of {identity} has no CODEOWNERS line in {repository} owned by its maintainers: anyone with write access can change it";

    public static string CodeOwnerNotMaintainer(string pattern, string repository, IEnumerable<string> owners) =>
        $"{string.Join(", ", owners)} own {pattern} in {repository} but maintain no pipeline that runs it";

    public static string CodeOwnersNotProtected(string repository) =>
        $"CODEOWNERS of {repository} has no line owning itself: a pull request could drop the workflow lines with any reviewer's approval";

    public static string WorkflowsFolderNotOwned(string repository) =>
        $"CODEOWNERS of {repository} has no line owning /.github/workflows/: a new workflow asking for the CI environment, or a reusable workflow a stage calls, needs no maintainer's review";

    public static string PrincipalInvalid(string role, string principal, string repository, string why) =>
        $"{role} '{principal}' of {repository} {why}";

    // Deployer (DPL) rules.
    public static string DeployerKubernetesWildcard(string role, string field) => $"deployer role {role} holds a wildcard '*' in {field}";

    public static string DeployerKubernetesVerb(string role, string verb) => $"deployer role {role} holds '{verb}': the deployer holds what it grants instead of escalating";

    public static string DeployerNonResourceUrls(string role) => $"deployer role {role} holds nonResourceURLs";

    public static string DeployerBindOutsidePlan(string role, string target) =>
        $"deployer role {role} holds bind on {target}: bind is allowed on the planned Roles of its namespace only, by name";

    public static string DeployerSystemNamespace(string role) => $"deployer role {role} is in a system namespace";

    public static string DeployerVaultGlob(string policy, string path) => $"deployer policy {policy} path '{path}' holds a glob: name each object's exact path";

    public static string DeployerVaultPath(string policy, string path) =>
        $"deployer policy {policy} path '{path}' is not the exact path of a planned policy, JWT role, secrets-engine role or audit device";

    public static string DeployerVaultSudo(string policy, string path) => $"deployer policy {policy} grants sudo on '{path}': sudo only on sys/audit paths, which Vault requires it for";

    public static string DeployerVaultAuditDelete(string policy, string path) =>
        $"deployer policy {policy} may delete audit device '{path}': disabling audit stays with the bootstrap administrators";

    public static string DeployerAzurePrivilegedRole(string role) => $"deployer Azure role is the privileged built-in role '{role}'";

    public static string DeployerAzureWildcard(string role, string action) => $"deployer Azure role {role} holds the wildcard action '{action}'";

    public static string DeployerAzureAuthorization(string role, string action) =>
        $"deployer Azure role {role} holds '{action}': of Microsoft.Authorization only role definitions and conditioned role assignments";

    public static string DeployerAzureUnconstrainedAssignment(string role, string scope) =>
        $"deployer Azure role {role} writes role assignments on {scope} without the delegation condition limiting them to the plan's role definitions and to service principals";

    public static string DeployerAzureScope(string role, string scope) =>
        $"deployer Azure role {role} is assignable at '{scope}': one resource group or resource, the role's own scope, only";

    public static string DeployerMissing(int count, string first) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} permission(s) the plan's objects need are not held, first: {first}; pulumi up would stop halfway");

    public static string DeployerBeyond(int count, string first) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} permission(s) are held that no planned object needs, first: {first}");
}
