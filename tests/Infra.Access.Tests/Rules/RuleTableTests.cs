using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// Every entry of a rule's tables and every threshold, one row each: a fixture per row would bury
/// the table in files. Each row edits the base plan (the ops of <see cref="PlanMutations"/>, written
/// <c>key=value;...</c>, several joined by <c> | </c>) and states how many findings of the rule follow;
/// rows with 0 are the near misses that must pass.
/// </summary>
public sealed class RuleTableTests
{
    private const string Deploy = "target=ci-payments-api-deploy";

    private static readonly DateOnly Today = new(2026, 11, 24);

    [Theory]
    [InlineData("K8S008", "rbac.authorization.k8s.io", "roles", "create", 1)]
    [InlineData("K8S008", "rbac.authorization.k8s.io", "rolebindings", "update", 1)]
    [InlineData("K8S008", "rbac.authorization.k8s.io", "clusterroles", "patch", 1)]
    [InlineData("K8S008", "rbac.authorization.k8s.io", "clusterrolebindings", "delete", 1)]
    [InlineData("K8S008", "networking.k8s.io", "networkpolicies", "deletecollection", 1)]
    [InlineData("K8S008", "admissionregistration.k8s.io", "mutatingwebhookconfigurations", "create", 1)]
    [InlineData("K8S008", "admissionregistration.k8s.io", "validatingwebhookconfigurations", "update", 1)]
    [InlineData("K8S008", "admissionregistration.k8s.io", "validatingadmissionpolicies", "patch", 1)]
    [InlineData("K8S008", "admissionregistration.k8s.io", "validatingadmissionpolicybindings", "delete", 1)]
    [InlineData("K8S008", "certificates.k8s.io", "certificatesigningrequests", "create", 1)]
    [InlineData("K8S008", "certificates.k8s.io", "certificatesigningrequests/approval", "update", 1)]
    [InlineData("K8S008", "certificates.k8s.io", "certificatesigningrequests/status", "patch", 1)]
    [InlineData("K8S008", "rbac.authorization.k8s.io", "roles,networkpolicies", "create", 1)]
    [InlineData("K8S008", "rbac.authorization.k8s.io,networking.k8s.io", "roles,networkpolicies", "create", 2)]
    [InlineData("K8S008", "rbac.authorization.k8s.io", "roles", "get,list,watch", 0)]
    [InlineData("K8S008", "", "roles", "create", 0)]
    [InlineData("K8S008", "networking.k8s.io", "ingresses", "create", 0)]
    [InlineData("K8S004", "", "pods/exec", "get", 1)]
    [InlineData("K8S004", "", "pods/attach", "create", 1)]
    [InlineData("K8S004", "", "pods/portforward", "get", 1)]
    [InlineData("K8S004", "", "nodes/proxy", "get", 1)]
    [InlineData("K8S004", "*", "pods/exec", "get", 1)]
    [InlineData("K8S004", "", "pods/exec,pods/attach", "get", 2)]
    [InlineData("K8S004", "apps", "pods/exec", "get", 0)]
    [InlineData("K8S004", "", "pods/log", "get", 0)]
    [InlineData("K8S002", "", "roles", "bind", 1)]
    [InlineData("K8S002", "", "roles", "escalate", 1)]
    [InlineData("K8S002", "", "users", "impersonate", 1)]
    [InlineData("K8S002", "", "users", "bind,escalate,impersonate", 3)]
    [InlineData("K8S002", "", "users", "get", 0)]
    [InlineData("K8S003", "", "serviceaccounts/token", "create", 1)]
    [InlineData("K8S003", "", "serviceaccounts/*", "create", 1)]
    [InlineData("K8S003", "", "*", "create", 1)]
    [InlineData("K8S003", "*", "serviceaccounts/token", "create", 1)]
    [InlineData("K8S003", "", "serviceaccounts/token", "*", 1)]
    [InlineData("K8S003", "", "serviceaccounts/token", "get", 0)]
    [InlineData("K8S003", "apps", "serviceaccounts/token", "create", 0)]
    [InlineData("K8S003", "", "serviceaccounts", "create", 0)]
    [InlineData("K8S003", "", "pods/*", "create", 0)]
    [InlineData("K8S005", "", "secrets", "get", 1)]
    [InlineData("K8S005", "*", "secrets", "list", 1)]
    [InlineData("K8S005", "apps", "secrets", "get", 0)]
    [InlineData("K8S005", "", "configmaps", "get", 0)]
    [InlineData("K8S001", "", "pods", "*", 1)]
    [InlineData("K8S001", "*", "pods", "get", 1)]
    [InlineData("K8S001", "", "pods/*", "get", 1)]
    [InlineData("K8S001", "*", "*", "*", 3)]
    [InlineData("K8S001", "", "pods", "get", 0)]
    public void Check_WhenARoleRuleIsAdded_ShouldFindWhatTheRuleTableSays(string rule, string apiGroups, string resources, string verbs, int expected)
    {
        var op = $"op=add-role-rule;{Deploy};apiGroups={apiGroups};resources={resources};verbs={verbs}";

        Assert.Equal(expected, Count(rule, "prod", op));
    }

    [Theory]
    [InlineData("K8S009", "create", 1)]
    [InlineData("K8S009", "list", 1)]
    [InlineData("K8S009", "watch", 1)]
    [InlineData("K8S009", "deletecollection", 1)]
    [InlineData("K8S009", "list,watch", 1)]
    [InlineData("K8S009", "get,patch,update,delete", 0)]
    [InlineData("K8S001", "get", 0)]
    public void Check_WhenANamedRuleIsAdded_ShouldFlagOnlyVerbsNamesCannotRestrict(string rule, string verbs, int expected)
    {
        var op = $"op=add-role-rule;{Deploy};apiGroups=apps;resources=deployments;resourceNames=payments-api;verbs={verbs}";

        Assert.Equal(expected, Count(rule, "prod", op));
    }

    [Theory]
    [InlineData("K8S009", "op=add-role-rule;target=ci-payments-api-deploy;apiGroups=apps;resources=deployments;verbs=list", 0)]
    [InlineData("K8S001", "op=add-role-rule;target=ci-payments-api-deploy;apiGroups=apps;resources=deployments;resourceNames=*;verbs=get", 1)]
    [InlineData("K8S001", "op=add-role-rule;target=ci-payments-api-deploy;nonResourceUrls=/metrics*;verbs=get", 1)]
    public void Check_WhenOneOtherFieldIsSet_ShouldFindWhatTheRuleSays(string rule, string op, int expected)
    {
        Assert.Equal(expected, Count(rule, "prod", op));
    }

    [Theory]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=cluster-admin", 1)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=admin", 1)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=edit", 1)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=system:controller:foo", 1)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=view", 0)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=administrator", 0)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;subjectKind=Group;subjectName=system:authenticated", 1)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;subjectKind=User;subjectName=systemd", 0)]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=edit;subjectKind=Group;subjectName=system:masters", 2)]
    [InlineData("K8S006", "op=set-role-kind;target=ci-payments-api-deploy;kind=ClusterRole", 1)]
    [InlineData("K8S006", "op=set-binding;target=ci-payments-api-deploy;kind=ClusterRoleBinding", 1)]
    [InlineData("K8S006", "op=set-binding;target=ci-payments-api-deploy;roleRefKind=ClusterRole", 1)]
    [InlineData("K8S006", "op=set-binding;target=ci-payments-api-deploy;kind=ClusterRoleBinding;roleRefKind=ClusterRole", 1)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;subjectKind=ServiceAccount;subjectName=ci-payments-api-deploy;subjectNamespace=payments-prod", 0)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;subjectKind=ServiceAccount;subjectName=ci-payments-api-deploy", 0)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;subjectKind=ServiceAccount;subjectName=ci-payments-api-deploy;subjectNamespace=orders-prod", 1)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;subjectKind=User;subjectName=ci-payments-api-deploy", 1)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;roleRefName=ci-payments-api-verify", 1)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;roleRefName=ci-orders-worker-deploy", 1)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;roleRefName=no-such-role", 1)]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;roleRefKind=ClusterRole", 0)]
    [InlineData("K8S010", "op=set-automount;target=ci-payments-api-deploy", 1)]
    [InlineData("K8S011", "op=set-namespace;kind=role;target=ci-payments-api-deploy;namespace=default", 1)]
    [InlineData("K8S011", "op=set-namespace;kind=binding;target=ci-payments-api-deploy;namespace=kube-system", 1)]
    [InlineData("K8S011", "op=set-namespace;kind=networkPolicy;target=payments-prod/;namespace=kube-public", 1)]
    [InlineData("K8S011", "op=set-namespace;target=ci-payments-api-deploy;namespace=kube-node-lease", 1)]
    [InlineData("K8S011", "op=set-namespace;kind=role;target=ci-payments-api-deploy;namespace=kube-system | op=set-namespace;kind=binding;target=ci-payments-api-deploy;namespace=kube-system", 1)]
    [InlineData("K8S011", "op=set-namespace;kind=role;target=ci-payments-api-deploy;namespace=kubeflow", 0)]
    [InlineData("K8S011", "op=set-namespace;kind=role;target=ci-payments-api-deploy;namespace=defaults", 0)]
    [InlineData("K8S012", "op=drop-network-policies;namespace=payments-prod", 1)]
    [InlineData("K8S012", "op=drop-network-policies;namespace=ci-runners-prod", 1)]
    [InlineData("K8S012", "op=drop-network-policies;namespace=reports-prod", 1)]
    [InlineData("K8S012", "op=drop-network-policies;namespace=search-prod", 1)]
    public void Check_WhenAKubernetesDeclarationIsEdited_ShouldFindWhatTheRuleSays(string rule, string ops, int expected)
    {
        Assert.Equal(expected, Count(rule, "prod", ops));
    }

    [Theory]
    [InlineData("VLT001", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/payments/*;capabilities=read", 1)]
    [InlineData("VLT001", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/+/api;capabilities=read", 1)]
    [InlineData("VLT001", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/payments/web;capabilities=read", 0)]
    [InlineData("VLT002", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/x;capabilities=read,sudo", 1)]
    [InlineData("VLT002", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/x;capabilities=root", 1)]
    [InlineData("VLT002", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/x;capabilities=read,list,update", 0)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=sys/mounts;capabilities=read", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=/auth/token/create;capabilities=update", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=identity/entity;capabilities=read", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=sys;capabilities=read", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=/identity;capabilities=read", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=sysx;capabilities=read", 0)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/sys;capabilities=read", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=ns1/sys/policies/acl/x;capabilities=update", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/Cubbyhole/x;capabilities=read", 1)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/sys-config;capabilities=read", 0)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/authors;capabilities=read", 0)]
    [InlineData("VLT003", "op=add-vault-path;target=payments-api-deploy;path=system/x;capabilities=read", 0)]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.repository=", 1)]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.repository=example-org/ledger", 1)]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.ref=", 1)]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.ref=refs/heads/dev", 1)]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;subject=repo:example-org/payments-api:environment:prod", 1)]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.repository=;claim.ref=;subject=x", 3)]
    [InlineData("VLT004", "op=duplicate;kind=jwtRole;target=ci-payments-api-deploy;pipeline=payments-api", 1)]
    [InlineData("VLT004", "op=duplicate;kind=jwtRole;target=ci-payments-api-deploy;pipeline=payments-api;stage=verify", 1)]
    [InlineData("VLT005", "op=set-jwt-role;target=ci-payments-api-deploy;audiences=", 1)]
    [InlineData("VLT005", "op=set-jwt-role;target=ci-payments-api-deploy;audiences=https://github.com/example-org,https://other", 1)]
    [InlineData("VLT005", "op=set-jwt-role;target=ci-payments-api-deploy;audiences=https://github.com/example-org,https://github.com/example-org", 0)]
    [InlineData("VLT006", "op=set-jwt-role;target=ci-payments-api-deploy;claimsType=glob", 1)]
    [InlineData("VLT006", "op=set-jwt-role;target=ci-payments-api-deploy;claim.environment=prod*", 1)]
    [InlineData("VLT006", "op=set-jwt-role;target=ci-payments-api-deploy;subject=repo:example-org/*", 1)]
    [InlineData("VLT006", "op=set-jwt-role;target=ci-payments-api-deploy;claimsType=glob;claim.ref=refs/*;subject=repo:*", 3)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=900", 0)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=901", 1)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=1", 0)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=0", 1)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;maxTtl=-1", 1)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;explicitMaxTtl=901", 1)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=901;maxTtl=901;explicitMaxTtl=0", 1)]
    [InlineData("VLT008", "op=set-jwt-role;target=ci-payments-api-deploy;noDefaultPolicy=false", 1)]
    [InlineData("VLT008", "op=set-jwt-role;target=ci-payments-api-deploy;policies=ci-prod-payments-api-deploy,default", 1)]
    [InlineData("VLT008", "op=set-jwt-role;target=ci-payments-api-deploy;policies=root,default;noDefaultPolicy=false", 3)]
    [InlineData("VLT008", "op=set-jwt-role;target=ci-payments-api-deploy;policies=ci-prod-payments-api-deploy,defaults", 0)]
    [InlineData("VLT009", "op=set-jwt-role;target=ci-payments-api-deploy;policies=ci-prod-payments-api-verify", 1)]
    [InlineData("VLT009", "op=set-jwt-role;target=ci-payments-api-deploy;policies=no-such-policy", 1)]
    [InlineData("VLT009", "op=set-jwt-role;target=ci-payments-api-deploy;policies=ci-prod-payments-api-deploy,default,root", 0)]
    [InlineData("VLT009", "op=set-jwt-role;target=ci-payments-api-deploy;policies=ci-prod-orders-worker-deploy,no-such-policy", 2)]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=900", 0)]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=901", 1)]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=1", 0)]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=0", 1)]
    [InlineData("VLT011", "op=set-secret-role;target=ci-payments-api-deploy;namespaces=payments-prod,orders-prod", 1)]
    [InlineData("VLT011", "op=set-secret-role;target=ci-payments-api-deploy;namespaces=payments-*", 1)]
    [InlineData("VLT011", "op=set-secret-role;target=ci-payments-api-deploy;namespaces=orders-prod", 1)]
    [InlineData("VLT011", "op=set-secret-role;target=ci-payments-api-deploy;serviceAccount=ci-payments-api-verify", 1)]
    [InlineData("VLT011", "op=set-secret-role;target=ci-payments-api-deploy;serviceAccount=ci-payments-api-deploy;namespaces=payments-prod", 0)]
    [InlineData("VLT012", "op=drop-audit-devices;keep=1", 1)]
    [InlineData("VLT012", "op=drop-audit-devices;keep=2", 0)]
    [InlineData("VLT012", "op=drop-audit-devices;keep=0", 1)]
    public void Check_WhenAVaultDeclarationIsEdited_ShouldFindWhatTheRuleSays(string rule, string ops, int expected)
    {
        Assert.Equal(expected, Count(rule, "prod", ops));
    }

    [Theory]
    [InlineData("VLT012", "op=drop-audit-devices;keep=1", 0)]
    [InlineData("VLT012", "op=drop-audit-devices;keep=0", 1)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=1800", 0)]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=1801", 1)]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=1800", 0)]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=1801", 1)]
    [InlineData("AZR008", "op=set-audit-sink;retentionDays=30", 0)]
    [InlineData("AZR008", "op=set-audit-sink;retentionDays=29", 1)]
    [InlineData("AZR007", "op=set-audit-sink;categories=kube-audit-admin", 0)]
    [InlineData("AZR009", "op=set-audit-sink;immutable=none", 0)]
    [InlineData("SOD004", "op=set-identity;target=payments-api/deploy;gated=false", 0)]
    public void Check_WhenTheEnvironmentIsNotProduction_ShouldApplyTheLowerThresholds(string rule, string ops, int expected)
    {
        Assert.Equal(expected, Count(rule, "staging", ops));
    }

    [Theory]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleName=Owner", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleName=Contributor", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleName=User Access Administrator", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleName=Role Based Access Control Administrator", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleName=Reader", 0)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleDefinitionId=/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleDefinitionId=/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/B24988AC-6180-42A0-AB88-20F7382DD24C", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleDefinitionId=/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c6a72d09", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleDefinitionId=/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168", 1)]
    [InlineData("AZR002", "op=set-assignment;target=payments-api;roleDefinitionId=/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/x8e3af657-a8ff-443c-a75c-2fe8c4bcb635", 0)]
    [InlineData("AZR003", "op=set-assignment;target=payments-api;scope=/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", 1)]
    [InlineData("AZR003", "op=set-assignment;target=payments-api;scope=/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod", 1)]
    [InlineData("AZR003", "op=set-assignment;target=payments-api;scope=/providers/Microsoft.Management/managementGroups/root", 1)]
    [InlineData("AZR003", "op=set-assignment;target=payments-api;scope=/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg-platform-prod/providers/Microsoft.ContainerRegistry/registries/acrexampleprod", 0)]
    [InlineData("AZR001", "op=add-role-action;target=ci-acr;action=Microsoft.ContainerRegistry/registries/*", 1)]
    [InlineData("AZR001", "op=add-role-action;target=ci-acr;action=Microsoft.ContainerRegistry/registries/repositories/metadata/read", 0)]
    [InlineData("AZR005", "op=set-credential;target=payments-api;issuer=https://token.actions.example.com", 1)]
    [InlineData("AZR005", "op=set-credential;target=payments-api;audiences=api://AzureADTokenExchange,api://other", 1)]
    [InlineData("AZR005", "op=set-credential;target=payments-api;audiences=api://other", 1)]
    [InlineData("AZR005", "op=set-credential;target=payments-api;issuer=https://x;audiences=api://other", 2)]
    [InlineData("AZR005", "op=set-credential;target=payments-api;audiences=api://AzureADTokenExchange", 0)]
    [InlineData("AZR004", "op=set-credential;target=payments-api;subject=repo:example-org/payments-api:environment:prod", 1)]
    [InlineData("AZR004", "op=set-credential;target=payments-api;subject=repo:example-org/payments-api:environment:prod-approval", 0)]
    [InlineData("AZR004", "op=set-credential;target=payments-api;subject=repo:example-org/payments-api:*", 1)]
    [InlineData("AZR004", "op=duplicate;kind=credential;target=payments-api;pipeline=payments-api", 1)]
    [InlineData("AZR004", "op=duplicate;kind=credential;target=payments-api;pipeline=payments-api;stage=deploy", 0)]
    [InlineData("AZR004", "op=duplicate;kind=credential;target=payments-api;pipeline=payments-api;stage=verify", 1)]
    [InlineData("AZR006", "op=add-credentials;target=payments-api;count=19", 0)]
    [InlineData("AZR006", "op=add-credentials;target=payments-api;count=20", 1)]
    [InlineData("AZR007", "op=set-audit-sink;categories=kube-audit,guard", 0)]
    [InlineData("AZR007", "op=set-audit-sink;categories=kube-audit-admin,guard", 0)]
    [InlineData("AZR007", "op=set-audit-sink;categories=kube-audit-admin", 1)]
    [InlineData("AZR007", "op=set-audit-sink;categories=guard", 1)]
    [InlineData("AZR007", "op=set-audit-sink;categories=kube-apiserver", 2)]
    [InlineData("AZR008", "op=set-audit-sink;retentionDays=365", 0)]
    [InlineData("AZR008", "op=set-audit-sink;retentionDays=364", 1)]
    [InlineData("AZR009", "op=set-audit-sink;immutable=none", 1)]
    [InlineData("AZR009", "op=set-audit-sink;policyState=Unlocked", 1)]
    [InlineData("AZR009", "op=set-audit-sink;policyState=Locked", 0)]
    [InlineData("SOD004", "op=set-identity;target=payments-api/deploy;gated=false", 1)]
    [InlineData("SOD004", "op=set-identity;target=payments-api/deploy;ciEnvironment=prod", 1)]
    [InlineData("SOD004", "op=set-identity;target=payments-api/verify;gated=false", 0)]
    [InlineData("SOD004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.environment=prod", 1)]
    [InlineData("SOD004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.environment=", 1)]
    [InlineData("SOD004", "op=set-credential;target=payments-api;subject=repo:example-org/payments-api:environment:prod", 1)]
    public void Check_WhenAnAzureOrIdentityDeclarationIsEdited_ShouldFindWhatTheRuleSays(string rule, string ops, int expected)
    {
        Assert.Equal(expected, Count(rule, "prod", ops));
    }

    [Theory]
    [InlineData("SOD002", "op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=deploy", 1)]
    [InlineData("SOD002", "op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=verify", 0)]
    [InlineData("SOD002", "op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=verify | op=add-role-rule;target=ci-payments-api-verify;apiGroups=apps;resources=deployments;verbs=delete", 1)]
    [InlineData("SOD002", "op=set-assignment;target=payments-api;roleName=acr-image-writer | op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=deploy", 1)]
    // A role the plan does not define (here the built-in AcrPull) cannot be shown to only read, so it counts as a write (WriteAccess).
    [InlineData("SOD002", "op=set-assignment;target=payments-api;roleName=AcrPull | op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=deploy", 1)]
    [InlineData("SOD002", "op=rename-role-definition;target=ci-acr;name=ci-acr-pusher | op=set-assignment;target=payments-api;roleName=ci-acr-pusher | op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=deploy", 1)]
    [InlineData("SOD002", "op=copy-assignment-to;target=payments-api;pipeline=payments-api;stage=deploy | op=copy-assignment-to;target=orders-worker;pipeline=orders-worker;stage=deploy", 2)]
    [InlineData("SOD003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/payments/api;capabilities=create", 1)]
    [InlineData("SOD003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/payments/api;capabilities=patch", 1)]
    [InlineData("SOD003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/payments/api;capabilities=read,delete", 1)]
    [InlineData("SOD003", "op=add-vault-path;target=payments-api-deploy;path=kv-prod/data/payments/api;capabilities=read,list", 0)]
    [InlineData("SOD003", "op=add-vault-path;target=payments-api-deploy;path=kubernetes-aks-prod/creds/ci-payments-api-deploy;capabilities=update", 0)]
    [InlineData("SOD003", "op=add-vault-path;target=payments-api-deploy;path=kubernetes-aks-prod/credsx;capabilities=update", 1)]
    [InlineData("SOD003", "op=copy-assignment-to;target=payments-api;pipeline=secret-rotation;stage=rotate", 2)]
    [InlineData("SOD005", "op=set-jwt-role;target=ci-payments-api-verify;subject=repo:example-org/payments-api:environment:prod-approval;claim.environment=prod-approval;claim.workflow_ref=example-org/payments-api/.github/workflows/deploy.yml@refs/heads/main", 1)]
    [InlineData("SOD005", "op=set-jwt-role;target=ci-payments-api-verify;subject=repo:example-org/payments-api:environment:prod-approval;claim.environment=prod-approval", 0)]
    [InlineData("SOD005", "op=set-jwt-role;target=ci-payments-api-verify;claim.workflow_ref=example-org/payments-api/.github/workflows/deploy.yml@refs/heads/main;claim.environment=prod-approval", 0)]
    // Claims that would read the same if the key=value pairs were not kept apart: different tokens, no finding.
    [InlineData("SOD005", "op=set-jwt-role;target=ci-payments-api-verify;subject=repo:example-org/payments-api:environment:prod-approval;claim.environment=prod-approval;claim.workflow_ref=example-org/payments-api/.github/workflows/deploy.yml@refs/heads/mainzz=1 | op=set-jwt-role;target=ci-payments-api-deploy;claim.zz=1", 0)]
    [InlineData("SOD005", "op=set-jwt-role;target=ci-payments-api-verify;subject=repo:example-org/payments-api:environment:prod-approval;claim.environment=prod-approval;claim.workflow_ref=example-org/payments-api/.github/workflows/deploy.yml@refs/heads/main;claim.zz=1 | op=set-jwt-role;target=ci-payments-api-deploy;claim.zz=1", 1)]
    [InlineData("SOD005", "op=duplicate;kind=jwtRole;target=ci-payments-api-deploy;pipeline=payments-api;stage=verify", 1)]
    [InlineData("SOD005", "op=duplicate;kind=jwtRole;target=ci-payments-api-deploy;pipeline=payments-api", 0)]
    public void Check_WhenDutiesAreMixedInThePlan_ShouldFindWhatTheRuleSays(string rule, string ops, int expected)
    {
        Assert.Equal(expected, Count(rule, "prod", ops));
    }

    [Theory]
    [InlineData("K8S001", "verbs=*")]
    [InlineData("K8S002", "verbs=bind")]
    [InlineData("K8S004", "resources=pods/exec;verbs=get")]
    [InlineData("K8S005", "resources=secrets;verbs=get")]
    [InlineData("K8S008", "apiGroups=networking.k8s.io;resources=networkpolicies;verbs=patch")]
    [InlineData("K8S009", "resourceNames=x;verbs=list")]
    public void Check_WhenARoleRuleIsFlagged_ShouldNameTheRoleAndTheRuleNumber(string rule, string fields)
    {
        var definition = RuleFixture.Base("prod");
        var plan = PlanMutations.Apply(Planner.Build(definition), Parse($"op=add-role-rule;{Deploy};{fields}"));
        var role = plan.Kubernetes.Roles.First(r => r.Name == "ci-payments-api-deploy");

        var finding = Assert.Single(Guardrails.Check([definition], [plan], Today).Findings, f => f.RuleId == rule);

        // The injected rule is the role's last; rules are numbered from 1 in the order the Role lists them.
        Assert.Contains($"Role {role.Namespace}/{role.Name} rule {role.Rules.Length}", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AZR001", "op=add-role-action;target=ci-acr;field=actions;action=Microsoft.ContainerRegistry/*", "custom role ci-acr-repository-writer-prod has wildcard 'Microsoft.ContainerRegistry/*' in actions")]
    [InlineData("AZR001", "op=add-role-action;target=ci-acr;action=Microsoft.ContainerRegistry/*", "has wildcard 'Microsoft.ContainerRegistry/*' in dataActions")]
    [InlineData("AZR003", "op=set-assignment;target=payments-api;scope=/subscriptions/s", "role assignment of id-ci-prod-payments-api-build is '/subscriptions/s'")]
    [InlineData("AZR003", "op=set-assignable-scope;target=ci-acr;scope=/subscriptions/s", "custom role ci-acr-repository-writer-prod assignable scope is '/subscriptions/s', not a single resource")]
    [InlineData("AZR007", "op=drop-audit-sink", "production declares no Log Analytics audit sink")]
    [InlineData("AZR008", "op=set-audit-sink;retentionDays=364", "workspace law-audit-prod keeps audit records 364 days; the floor for this tier is 365")]
    [InlineData("K8S001", "op=add-role-rule;target=ci-payments-api-deploy;apiGroups=apps;resources=deployments;resourceNames=*;verbs=get", "has wildcard '*' in resourceNames")]
    [InlineData("K8S001", "op=add-role-rule;target=ci-payments-api-deploy;nonResourceUrls=/metrics*;verbs=get", "has wildcard '/metrics*' in nonResourceURLs")]
    [InlineData("K8S006", "op=set-role-kind;target=ci-payments-api-deploy;kind=ClusterRole", "ClusterRole payments-prod/ci-payments-api-deploy is cluster-scoped")]
    [InlineData("K8S006", "op=set-binding;target=ci-payments-api-deploy;kind=ClusterRoleBinding", "ClusterRoleBinding payments-prod/ci-payments-api-deploy is cluster-scoped")]
    [InlineData("K8S006", "op=set-binding;target=ci-payments-api-deploy;roleRefKind=ClusterRole", "RoleBinding to ClusterRole ci-payments-api-deploy payments-prod/ci-payments-api-deploy is cluster-scoped")]
    [InlineData("K8S007", "op=set-binding;target=ci-payments-api-deploy;roleRefName=edit", "RoleBinding payments-prod/ci-payments-api-deploy binds the built-in role 'edit'")]
    [InlineData("K8S010", "op=set-automount;target=ci-payments-api-deploy", "ServiceAccount payments-prod/ci-payments-api-deploy has automountServiceAccountToken true")]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;subjectKind=User;subjectName=mallory", "RoleBinding payments-prod/ci-payments-api-deploy binds User 'mallory'")]
    [InlineData("K8S013", "op=set-binding;target=ci-payments-api-deploy;subjectKind=ServiceAccount;subjectName=ci-payments-api-deploy;subjectNamespace=orders-prod", "binds ServiceAccount 'orders-prod/ci-payments-api-deploy'")]
    [InlineData("LCY001", "op=copy-binding-to;target=ci-payments-api-deploy;pipeline=search-indexer;stage=deploy", "RoleBinding payments-prod/ci-payments-api-deploy-copy is declared for a paused pipeline")]
    [InlineData("LCY001", "op=copy-assignment-to;target=payments-api-build;pipeline=legacy-reports;stage=deploy", "role assignment id-ci-prod-payments-api-build/ci-acr-repository-writer-prod is declared for a decommissioned pipeline")]
    [InlineData("SOD004", "op=set-identity;target=payments-api/deploy;gated=false", "stage identity payments-api/deploy accepts CI environment 'prod-approval'; production writes need 'prod-approval'")]
    [InlineData("SOD004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.environment=prod", "JWT role ci-payments-api-deploy accepts CI environment 'prod'; production writes need 'prod-approval'")]
    [InlineData("SOD004", "op=set-credential;target=payments-api;subject=repo:example-org/payments-api:environment:prod", "federated credential fc-payments-api-build accepts CI environment 'repo:example-org/payments-api:environment:prod'")]
    [InlineData("VLT004", "op=duplicate;kind=jwtRole;target=ci-payments-api-deploy;pipeline=payments-api", "JWT role ci-payments-api-deploy belongs to no stage identity of the plan")]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;subject=x", "binds sub to 'x'; expected 'repo:example-org/payments-api:environment:prod-approval'")]
    [InlineData("VLT004", "op=set-jwt-role;target=ci-payments-api-deploy;claim.ref=", "binds ref to nothing; expected 'refs/heads/main'")]
    [InlineData("VLT006", "op=set-jwt-role;target=ci-payments-api-deploy;subject=repo:*", "claim sub 'repo:*' holds a glob")]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;ttl=901", "JWT role ci-payments-api-deploy has token_ttl 901")]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;maxTtl=901", "has token_max_ttl 901")]
    [InlineData("VLT007", "op=set-jwt-role;target=ci-payments-api-deploy;explicitMaxTtl=901", "has token_explicit_max_ttl 901")]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=901", "Kubernetes secrets role ci-payments-api-deploy has token_default_ttl 901")]
    [InlineData("VLT010", "op=set-secret-role;target=ci-payments-api-deploy;ttl=901", "Kubernetes secrets role ci-payments-api-deploy has token_default_ttl 901s, token_max_ttl 901s")]
    [InlineData("VLT011", "op=set-secret-role;target=ci-payments-api-deploy;serviceAccount=ci-payments-api-verify", "mints tokens for ServiceAccount payments-prod/ci-payments-api-verify of payments-api/verify")]
    public void Check_WhenFlagged_ShouldNameTheDeclarationAndTheField(string rule, string ops, string fragment)
    {
        var messages = Messages(rule, "prod", ops);

        Assert.True(messages.Any(m => m.Contains(fragment, StringComparison.Ordinal)), $"no {rule} finding contains \"{fragment}\": {string.Join(" | ", messages)}");
    }

    [Fact]
    public void Check_WhenAWriteStageIsUngated_ShouldNotAlsoReportItsRolesAndCredentials()
    {
        // The identity finding says it all; its JWT role and credentials follow from it.
        var ops = "op=set-identity;target=payments-api/build;gated=false | op=set-jwt-role;target=ci-payments-api-deploy;claim.environment=prod | op=set-identity;target=payments-api/deploy;gated=false";

        Assert.Equal(["stage identity payments-api/build", "stage identity payments-api/deploy"], Messages("SOD004", "prod", ops).Select(m => m[..m.IndexOf(" accepts", StringComparison.Ordinal)]));
    }

    private static List<string> Messages(string rule, string environment, string ops)
    {
        var definition = RuleFixture.Base(environment);
        var plan = ops.Split(" | ").Select(Parse).Aggregate(Planner.Build(definition), PlanMutations.Apply);
        return [.. Guardrails.Check([definition], [plan], Today).Findings.Where(f => f.RuleId == rule).Select(f => f.Message)];
    }

    private static int Count(string rule, string environment, string ops) => Messages(rule, environment, ops).Count;

    private static Dictionary<string, string> Parse(string op) =>
        op.Split(';').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
}
