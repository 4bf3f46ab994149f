using System.Collections.Immutable;
using System.Globalization;
using Infra.Access.Planning;

namespace Infra.Access.Tests.Rules;

/// <summary>
/// Named edits of a plan, for fixtures of rules the planner satisfies by construction: they show
/// the rule catches what a planner bug (or a hand-built plan) would declare. Each op takes string
/// arguments; <c>target</c> picks the first declaration whose name contains it (else the first one).
/// </summary>
internal static class PlanMutations
{
    public static Plan Apply(Plan plan, IReadOnlyDictionary<string, string> op)
    {
        string Arg(string key, string fallback = "") => op.TryGetValue(key, out var v) ? v : fallback;
        ImmutableArray<string> List(string key) => op.TryGetValue(key, out var v) ? [.. v.Split(',', StringSplitOptions.TrimEntries)] : [];
        int Int(string key) => int.Parse(Arg(key, "0"), CultureInfo.InvariantCulture);
        var target = Arg("target");
        var k = plan.Kubernetes;
        var v = plan.Vault;
        var a = plan.Azure;
        return Arg("op") switch
        {
            "add-role-rule" => plan with { Kubernetes = k with { Roles = Replace(k.Roles, r => r.Namespace + "/" + r.Name, target, r => r with { Rules = r.Rules.Add(new PolicyRule(List("apiGroups").IsEmpty && !op.ContainsKey("apiGroups") ? [""] : List("apiGroups"), List("resources"), List("resourceNames"), List("verbs"), List("nonResourceUrls"))) }) } },
            "set-role-kind" => plan with { Kubernetes = k with { Roles = Replace(k.Roles, r => r.Name, target, r => r with { Kind = Arg("kind") }) } },
            "set-binding" => plan with { Kubernetes = k with { RoleBindings = Replace(k.RoleBindings, b => b.Name, target, b => b with
            {
                Kind = Arg("kind", b.Kind),
                RoleRef = new RoleReference(Arg("roleRefKind", b.RoleRef.Kind), Arg("roleRefName", b.RoleRef.Name)),
                Subjects = op.ContainsKey("subjectName") ? [new SubjectReference(Arg("subjectKind", "ServiceAccount"), Arg("subjectName"), op.TryGetValue("subjectNamespace", out var ns) ? ns : null)] : b.Subjects,
            }) } },
            "copy-binding-to" => CopyBindingTo(plan, target, Arg("pipeline"), Arg("stage")),
            "set-automount" => plan with { Kubernetes = k with { ServiceAccounts = Replace(k.ServiceAccounts, s => s.Name, target, s => s with { AutomountServiceAccountToken = true }) } },
            "set-namespace" => plan with { Kubernetes = Arg("kind", "serviceAccount") switch
            {
                "serviceAccount" => k with { ServiceAccounts = Replace(k.ServiceAccounts, s => s.Name, target, s => s with { Namespace = Arg("namespace") }) },
                "role" => k with { Roles = Replace(k.Roles, r => r.Name, target, r => r with { Namespace = Arg("namespace") }) },
                "binding" => k with { RoleBindings = Replace(k.RoleBindings, b => b.Name, target, b => b with { Namespace = Arg("namespace") }) },
                "networkPolicy" => k with { NetworkPolicies = Replace(k.NetworkPolicies, n => n.Namespace + "/" + n.Name, target, n => n with { Namespace = Arg("namespace") }) },
                var kind => throw new InvalidOperationException($"set-namespace: unknown kind '{kind}'"),
            } },
            "add-network-peer" => plan with { Kubernetes = k with { NetworkPolicies = Replace(k.NetworkPolicies, n => n.Namespace + "/" + n.Name, target, n =>
            {
                var rule = new NetworkRule([new NetworkPeer(op.TryGetValue("namespace", out var peerNs) ? peerNs : null, null, op.TryGetValue("cidr", out var cidr) ? cidr : null)], [new NetworkPort(Int("port"), "TCP")]);
                return Arg("direction", "egress") == "ingress" ? n with { Ingress = n.Ingress.Add(rule) } : n with { Egress = n.Egress.Add(rule) };
            }) } },
            "drop-admission-policy" => plan with { Admission = plan.Admission with { Policies = plan.Admission.Policies.Remove(plan.Admission.Policies.First(p => p.Name.Contains(target, StringComparison.Ordinal))) } },
            "set-admission-policy" => plan with { Admission = plan.Admission with { Policies = Replace(plan.Admission.Policies, p => p.Name, target, p => p with
            {
                FailurePolicy = Arg("failurePolicy", p.FailurePolicy),
                MatchRules = op.ContainsKey("resources") ? [.. p.MatchRules.Select(r => r with { Resources = List("resources") })] : p.MatchRules,
                Bindings = op.ContainsKey("validationActions") ? [.. p.Bindings.Select(b => b with { ValidationActions = List("validationActions") })] : p.Bindings,
                Allowances = op.ContainsKey("dropCapability") ? [.. p.Allowances.Where(a => a.Capability != Arg("dropCapability"))] : p.Allowances,
            }) } },
            "drop-network-policies" => plan with { Kubernetes = k with { NetworkPolicies = [.. k.NetworkPolicies.Where(n => n.Namespace != Arg("namespace"))] } },
            "duplicate" => Duplicate(plan, Arg("kind"), target, op.ContainsKey("stage") ? Owned(plan, Arg("pipeline"), Arg("stage")) : new Owner(Arg("pipeline"), null, plan.Identities.First(i => i.Pipeline == Arg("pipeline")).Location)),
            "duplicate-service-account" => plan with { Kubernetes = k with { ServiceAccounts = k.ServiceAccounts.Add(k.ServiceAccounts.First(s => s.Name.Contains(target, StringComparison.Ordinal)) with { Owner = Owned(plan, Arg("pipeline"), Arg("stage")) }) } },
            "add-vault-path" => plan with { Vault = v with { Policies = Replace(v.Policies, p => p.Name, target, p => p with { Paths = p.Paths.Add(new VaultPathRule(Arg("path"), List("capabilities"))) }) } },
            "set-jwt-role" => plan with { Vault = v with { JwtRoles = Replace(v.JwtRoles, r => r.Name, target, r => SetJwt(r, op)) } },
            "set-secret-role" => plan with { Vault = v with { KubernetesSecretRoles = Replace(v.KubernetesSecretRoles, r => r.Name, target, r => r with
            {
                AllowedKubernetesNamespaces = op.ContainsKey("namespaces") ? List("namespaces") : r.AllowedKubernetesNamespaces,
                ServiceAccountName = Arg("serviceAccount", r.ServiceAccountName),
                Backend = Arg("backend", r.Backend),
                TokenDefaultTtl = op.ContainsKey("ttl") ? Int("ttl") : r.TokenDefaultTtl,
                TokenMaxTtl = op.ContainsKey("ttl") ? Int("ttl") : r.TokenMaxTtl,
            }) } },
            "drop-audit-devices" => plan with { Vault = v with { AuditDevices = [.. v.AuditDevices.Skip(Int("keep") == 0 ? v.AuditDevices.Length : 0).Take(Int("keep"))] } },
            "rename-role-definition" => plan with { Azure = a with { RoleDefinitions = Replace(a.RoleDefinitions, r => r.RoleName, target, r => r with { RoleName = Arg("name") }) } },
            "add-role-action" => plan with { Azure = a with { RoleDefinitions = Replace(a.RoleDefinitions, r => r.RoleName, target, r => Arg("field", "dataActions") == "actions"
                ? r with { Actions = r.Actions.Add(Arg("action")) }
                : r with { DataActions = r.DataActions.Add(Arg("action")) }) } },
            "set-assignable-scope" => plan with { Azure = a with { RoleDefinitions = Replace(a.RoleDefinitions, r => r.RoleName, target, r => r with { AssignableScopes = [Arg("scope")] }) } },
            "rename-managed-identity" => plan with { Azure = a with { ManagedIdentities = Replace(a.ManagedIdentities, m => m.Name, target, m => m with { Name = Arg("name", m.Name), ResourceGroup = Arg("resourceGroup", m.ResourceGroup) }) } },
            "drop-audit-sink" => plan with { Azure = a with { AuditSink = null } },
            "set-assignment" => plan with { Azure = a with { RoleAssignments = Replace(a.RoleAssignments, r => r.IdentityName, target, r => r with
            {
                RoleName = Arg("roleName", r.RoleName),
                RoleDefinitionId = Arg("roleDefinitionId", r.RoleDefinitionId),
                Scope = Arg("scope", r.Scope),
            }) } },
            "copy-assignment-to" => plan with { Azure = a with { RoleAssignments = a.RoleAssignments.Add(a.RoleAssignments.First(r => r.IdentityName.Contains(target, StringComparison.Ordinal)) with { Owner = Owned(plan, Arg("pipeline"), Arg("stage")) }) } },
            "set-credential" => plan with { Azure = a with { FederatedCredentials = Replace(a.FederatedCredentials, c => c.Name, target, c => c with
            {
                Subject = Arg("subject", c.Subject),
                Issuer = Arg("issuer", c.Issuer),
                Audiences = op.ContainsKey("audiences") ? List("audiences") : c.Audiences,
            }) } },
            "add-credentials" => plan with { Azure = a with { FederatedCredentials = a.FederatedCredentials.AddRange(Enumerable.Range(0, Int("count")).Select(i =>
                a.FederatedCredentials.First(c => c.Name.Contains(target, StringComparison.Ordinal)) with { Name = $"extra-{i}" })) } },
            "set-audit-sink" => plan with { Azure = a with { AuditSink = a.AuditSink! with
            {
                Categories = op.ContainsKey("categories") ? List("categories") : a.AuditSink.Categories,
                RetentionDays = op.ContainsKey("retentionDays") ? Int("retentionDays") : a.AuditSink.RetentionDays,
                ImmutableStorage = Arg("immutable") == "none" ? null : a.AuditSink.ImmutableStorage is { } s && op.ContainsKey("policyState") ? s with { PolicyState = Arg("policyState") } : a.AuditSink.ImmutableStorage,
            } } },
            "set-identity" => plan with { Identities = Replace(plan.Identities, i => i.Id, target, i => i with { ApprovalGated = Arg("gated", "true") == "true", CiEnvironment = Arg("ciEnvironment", i.CiEnvironment), Writes = Arg("writes", i.Writes ? "true" : "false") == "true" }) },
            "set-pod-security" => plan with { Kubernetes = k with { PodSecurity = Replace(k.PodSecurity, p => p.Namespace, target, p => SetPodSecurity(p, op)) } },
            "copy-pod-security-to" => plan with { Kubernetes = k with { PodSecurity = k.PodSecurity.Add(SetPodSecurity(k.PodSecurity.First(p => p.Namespace.Contains(target, StringComparison.Ordinal)), op)) } },
            "drop-pod-security" => plan with { Kubernetes = k with { PodSecurity = [.. k.PodSecurity.Where(p => p.Namespace != Arg("namespace"))] } },
            var unknown => throw new InvalidOperationException($"unknown plan op '{unknown}'"),
        };
    }

    /// <summary>
    /// A label patch with labels set (<c>label.KEY</c>; an empty value removes it), the reason annotation
    /// (<c>reason</c>; empty removes it), the namespace and the owning pipeline changed.
    /// </summary>
    private static NamespaceLabelPatch SetPodSecurity(NamespaceLabelPatch patch, IReadOnlyDictionary<string, string> op)
    {
        var labels = patch.Labels;
        foreach (var (key, value) in op.Where(o => o.Key.StartsWith("label.", StringComparison.Ordinal)))
        {
            labels = value.Length == 0 ? labels.Remove(key[6..]) : labels.SetItem(key[6..], value);
        }

        var annotations = !op.TryGetValue("reason", out var reason) ? patch.Annotations
            : reason.Length == 0 ? patch.Annotations.Remove(Access.Definition.PodSecurity.ReasonAnnotation)
            : patch.Annotations.SetItem(Access.Definition.PodSecurity.ReasonAnnotation, reason);
        return patch with
        {
            Namespace = op.TryGetValue("namespace", out var ns) ? ns : patch.Namespace,
            Labels = labels,
            Annotations = annotations,
            Owner = op.TryGetValue("pipeline", out var pipeline) ? new Owner(pipeline, null, patch.Owner.Location) : patch.Owner,
        };
    }

    private static JwtRoleDeclaration SetJwt(JwtRoleDeclaration r, IReadOnlyDictionary<string, string> op)
    {
        var claims = r.BoundClaims;
        foreach (var (key, value) in op.Where(o => o.Key.StartsWith("claim.", StringComparison.Ordinal)))
        {
            claims = value.Length == 0 ? claims.Remove(key[6..]) : claims.SetItem(key[6..], value);
        }

        int Ttl(string key, int current) => op.TryGetValue(key, out var t) ? int.Parse(t, CultureInfo.InvariantCulture) : current;
        return r with
        {
            BoundClaims = claims,
            BoundSubject = op.TryGetValue("subject", out var s) ? s : r.BoundSubject,
            BoundClaimsType = op.TryGetValue("claimsType", out var t) ? t : r.BoundClaimsType,
            BoundAudiences = op.TryGetValue("audiences", out var au) ? [.. au.Split(',', StringSplitOptions.RemoveEmptyEntries)] : r.BoundAudiences,
            TokenTtl = Ttl("ttl", r.TokenTtl),
            TokenMaxTtl = Ttl("maxTtl", r.TokenMaxTtl),
            TokenExplicitMaxTtl = Ttl("explicitMaxTtl", r.TokenExplicitMaxTtl),
            TokenNoDefaultPolicy = !op.TryGetValue("noDefaultPolicy", out var n) ? r.TokenNoDefaultPolicy : n == "true",
            TokenPolicies = op.TryGetValue("policies", out var p) ? [.. p.Split(',')] : r.TokenPolicies,
        };
    }

    /// <summary>Declares the first <paramref name="kind"/> whose name contains target again, owned by <paramref name="owner"/> (no stage: owned by the pipeline only).</summary>
    private static Plan Duplicate(Plan plan, string kind, string target, Owner owner)
    {
        T First<T>(ImmutableArray<T> items, Func<T, string> name) => items.First(i => name(i).Contains(target, StringComparison.Ordinal));
        var (k, v, a) = (plan.Kubernetes, plan.Vault, plan.Azure);
        return kind switch
        {
            "serviceAccount" => plan with { Kubernetes = k with { ServiceAccounts = k.ServiceAccounts.Add(First(k.ServiceAccounts, s => s.Name) with { Owner = owner }) } },
            "policy" => plan with { Vault = v with { Policies = v.Policies.Add(First(v.Policies, p => p.Name) with { Owner = owner }) } },
            "jwtRole" => plan with { Vault = v with { JwtRoles = v.JwtRoles.Add(First(v.JwtRoles, r => r.Name) with { Owner = owner }) } },
            "secretRole" => plan with { Vault = v with { KubernetesSecretRoles = v.KubernetesSecretRoles.Add(First(v.KubernetesSecretRoles, r => r.Name) with { Owner = owner }) } },
            "managedIdentity" => plan with { Azure = a with { ManagedIdentities = a.ManagedIdentities.Add(First(a.ManagedIdentities, m => m.Name) with { Owner = owner }) } },
            "credential" => plan with { Azure = a with { FederatedCredentials = a.FederatedCredentials.Add(First(a.FederatedCredentials, c => c.Name) with { Owner = owner }) } },
            _ => throw new InvalidOperationException($"duplicate: unknown kind '{kind}'"),
        };
    }

    private static Plan CopyBindingTo(Plan plan, string target, string pipeline, string stage)
    {
        var source = plan.Kubernetes.RoleBindings.First(b => b.Name.Contains(target, StringComparison.Ordinal));
        return plan with { Kubernetes = plan.Kubernetes with { RoleBindings = plan.Kubernetes.RoleBindings.Add(source with { Name = source.Name + "-copy", Owner = Owned(plan, pipeline, stage) }) } };
    }

    private static Owner Owned(Plan plan, string pipeline, string stage) =>
        new(pipeline, stage, plan.Identities.First(i => i.Pipeline == pipeline && i.Stage == stage).Location);

    private static ImmutableArray<T> Replace<T>(ImmutableArray<T> items, Func<T, string> name, string target, Func<T, T> change)
    {
        var index = items.IndexOf(items.FirstOrDefault(i => name(i).Contains(target, StringComparison.Ordinal))!);
        if (index < 0)
        {
            throw new InvalidOperationException($"no declaration matches '{target}'");
        }

        return items.SetItem(index, change(items[index]));
    }
}
