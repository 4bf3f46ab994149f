namespace Infra.Access.Rules;

/// <summary>The rules of other tools these guardrails measure themselves against, cited in each docs page.</summary>
internal static class Anchors
{
    private const string Checkov = "https://www.checkov.io/5.Policy%20Index/kubernetes.html";
    private const string CheckovAzure = "https://www.checkov.io/5.Policy%20Index/arm.html";
    private const string Trivy = "https://avd.aquasec.com/misconfig/kubernetes/";

    public static RuleLink KyvernoWildcardVerbs { get; } = new("Kyverno restrict-wildcard-verbs (checks verbs only, not apiGroups or resources)", "https://kyverno.io/policies/other/restrict-wildcard-verbs/restrict-wildcard-verbs/");
    public static RuleLink KyvernoEscalationVerbs { get; } = new("Kyverno restrict-escalation-verbs-roles (misses impersonate on users, groups, serviceaccounts)", "https://kyverno.io/policies/other/restrict-escalation-verbs-roles/restrict-escalation-verbs-roles/");
    public static RuleLink Ckv49 { get; } = new("Checkov CKV_K8S_49: minimize wildcard use in Roles (inspects only the first rule)", Checkov);
    public static RuleLink Ckv155 { get; } = new("Checkov CKV_K8S_155: admission webhook configurations", Checkov);
    public static RuleLink Ckv156 { get; } = new("Checkov CKV_K8S_156: approving CertificateSigningRequests", Checkov);
    public static RuleLink Ckv157 { get; } = new("Checkov CKV_K8S_157: bind on RoleBindings", Checkov);
    public static RuleLink Ckv158 { get; } = new("Checkov CKV_K8S_158: escalate on Roles", Checkov);
    public static RuleLink Ckv2K8s1 { get; } = new("Checkov CKV2_K8S_1: RoleBinding escalation to a ServiceAccount", Checkov);
    public static RuleLink Ckv2K8s2 { get; } = new("Checkov CKV2_K8S_2: create on nodes/proxy or pods/exec", Checkov);
    public static RuleLink Ckv2K8s3 { get; } = new("Checkov CKV2_K8S_3: impersonate on users, groups, serviceaccounts", Checkov);
    public static RuleLink Ckv2K8s4 { get; } = new("Checkov CKV2_K8S_4: modify services/status", Checkov);
    public static RuleLink Ckv2K8s5 { get; } = new("Checkov CKV2_K8S_5: read all Secrets", Checkov);
    public static RuleLink Ckv2K8s6 { get; } = new("Checkov CKV2_K8S_6: pods without a NetworkPolicy", Checkov);
    public static RuleLink Ksv041 { get; } = new("Trivy KSV041: manage secrets", Trivy + "ksv041/");
    public static RuleLink Ksv044 { get; } = new("Trivy KSV044: wildcard verbs and resources", Trivy + "ksv044/");
    public static RuleLink Ksv045 { get; } = new("Trivy KSV045: wildcard verbs", Trivy + "ksv045/");
    public static RuleLink Ksv046 { get; } = new("Trivy KSV046: wildcard resources", Trivy + "ksv046/");
    public static RuleLink Ksv047 { get; } = new("Trivy KSV047: privilege escalation from node proxy", Trivy + "ksv047/");
    public static RuleLink Ksv050 { get; } = new("Trivy KSV050: manage RBAC resources", Trivy + "ksv050/");
    public static RuleLink Ksv051 { get; } = new("Trivy KSV051: RoleBindings to privileged roles", Trivy + "ksv051/");
    public static RuleLink Ksv052 { get; } = new("Trivy KSV052: ClusterRoleBindings to privileged roles", Trivy + "ksv052/");
    public static RuleLink Ksv053 { get; } = new("Trivy KSV053: exec into pods", Trivy + "ksv053/");
    public static RuleLink Ksv054 { get; } = new("Trivy KSV054: attach to pods", Trivy + "ksv054/");
    public static RuleLink Ksv055 { get; } = new("Trivy KSV055: manage networking (NetworkPolicies)", Trivy + "ksv055/");
    public static RuleLink Ksv056 { get; } = new("Trivy KSV056: manage networking resources", Trivy + "ksv056/");
    public static RuleLink Ksv111 { get; } = new("Trivy KSV111: binding to cluster-admin", Trivy + "ksv111/");
    public static RuleLink Ksv112 { get; } = new("Trivy KSV112: binding to admin or edit", Trivy + "ksv112/");
    public static RuleLink Ksv113 { get; } = new("Trivy KSV113: manage namespace secrets", Trivy + "ksv113/");
    public static RuleLink Ksv114 { get; } = new("Trivy KSV114: manage webhook configurations", Trivy + "ksv114/");
    public static RuleLink Ckv39 { get; } = new("Checkov CKV_AZURE_39: no custom subscription owner roles", CheckovAzure);
    public static RuleLink Ckv249 { get; } = new("Checkov CKV_AZURE_249: GitHub Actions OIDC trust (app registrations only, not managed identities)", "https://www.checkov.io/5.Policy%20Index/terraform.html");
    public static RuleLink Azu0030 { get; } = new("Trivy AZU-0030: roles limited to the required actions", "https://avd.aquasec.com/misconfig/azure/authorization/avd-azu-0030/");
    public static RuleLink Azu0052 { get; } = new("Trivy AZU-0052: role definition allows custom role creation", "https://avd.aquasec.com/misconfig/azure/authorization/avd-azu-0052/");
    public static RuleLink PsRuleAksAuditLogs { get; } = new("PSRule Azure.AKS.AuditLogs", "https://azure.github.io/PSRule.Rules.Azure/en/rules/Azure.AKS.AuditLogs/");
    public static RuleLink KubernetesRbacGoodPractices { get; } = new("Kubernetes: RBAC good practices", "https://kubernetes.io/docs/concepts/security/rbac-good-practices/");
    public static RuleLink KubernetesServiceAccounts { get; } = new("Kubernetes: configure ServiceAccounts (automountServiceAccountToken)", "https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/");
    public static RuleLink AzureImds { get; } = new("Azure: instance metadata service (169.254.169.254) and the WireServer (168.63.129.16)", "https://learn.microsoft.com/en-us/azure/virtual-network/what-is-ip-address-168-63-129-16");
    public static RuleLink AksSystemNamespaces { get; } = new("AKS: namespaces (kube-system and the add-ons' namespaces)", "https://learn.microsoft.com/en-us/azure/aks/concepts-clusters-workloads#namespaces");
    public static RuleLink Rfc6052 { get; } = new("RFC 6052: IPv6 addresses that embed IPv4 (NAT64)", "https://www.rfc-editor.org/rfc/rfc6052");
    public static RuleLink KubernetesPodSecurityAdmission { get; } = new("Kubernetes: Pod Security Admission (namespace labels, versions)", "https://kubernetes.io/docs/concepts/security/pod-security-admission/");
    public static RuleLink KubernetesPodSecurityStandards { get; } = new("Kubernetes: Pod Security Standards (privileged, baseline, restricted)", "https://kubernetes.io/docs/concepts/security/pod-security-standards/");
    public static RuleLink KubernetesNetworkPolicies { get; } = new("Kubernetes: network policies, default deny", "https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies");
    public static RuleLink VaultPolicies { get; } = new("Vault: policies (globs, capabilities)", "https://developer.hashicorp.com/vault/docs/concepts/policies");
    public static RuleLink VaultJwtAuth { get; } = new("Vault: JWT/OIDC auth roles (bound_claims, bound_audiences)", "https://developer.hashicorp.com/vault/api-docs/auth/jwt#create-update-role");
    public static RuleLink VaultKubernetesSecrets { get; } = new("Vault: Kubernetes secrets engine", "https://developer.hashicorp.com/vault/docs/secrets/kubernetes");
    public static RuleLink VaultNamespaces { get; } = new("Vault Enterprise: namespaces (each has its own sys/, auth/ and identity/)", "https://developer.hashicorp.com/vault/docs/enterprise/namespaces");
    public static RuleLink VaultKvV2 { get; } = new("Vault: KV version 2 (data/, metadata/, delete/, undelete/, destroy/ endpoints)", "https://developer.hashicorp.com/vault/docs/secrets/kv/kv-v2");
    public static RuleLink VaultAudit { get; } = new("Vault: audit devices (a blocked device blocks Vault)", "https://developer.hashicorp.com/vault/docs/audit#blocked-audit-devices");
    public static RuleLink GitHubOidc { get; } = new("GitHub Actions: OIDC subject claims and environments", "https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect");
    public static RuleLink AzureFederatedCredentials { get; } = new("Azure: federated identity credentials on managed identities (limit 20)", "https://learn.microsoft.com/en-us/entra/workload-id/workload-identity-federation-considerations");
    public static RuleLink AzurePrivilegedRoles { get; } = new("Azure: privileged administrator roles", "https://learn.microsoft.com/en-us/azure/role-based-access-control/best-practices");
    public static RuleLink AzureAksAudit { get; } = new("Azure: AKS resource logs (kube-audit-admin, guard)", "https://learn.microsoft.com/en-us/azure/aks/monitor-aks-reference#resource-logs");
    public static RuleLink AzureImmutableStorage { get; } = new("Azure: immutable storage for blobs", "https://learn.microsoft.com/en-us/azure/storage/blobs/immutable-storage-overview");
}
