using System.Collections.Immutable;
using System.Text;
using Infra.Access.Definition;
using Infra.Access.Deployer;
using Infra.Access.Diff;
using Infra.Access.Format;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Rendering;

namespace Infra.Access.Queries;

/// <summary>One grant of an identity: a resource and the actions on it, and the declaration that grants them.</summary>
public sealed record ExplainedGrant(string System, string Scope, string Resource, ImmutableArray<string> Actions, string GrantedBy);

/// <summary>
/// Everything one identity is in one environment: who may assume it (CI subject, approval gate,
/// token lifetime), how a CI job gets from its OIDC token to each system, and what it may do there.
/// </summary>
public sealed record IdentityExplanation(
    string Environment,
    string Tier,
    string Identity,
    PipelineState State,
    string Repository,
    string CiSubject,
    string CiEnvironment,
    bool ApprovalGated,
    string TokenTtl,
    ImmutableArray<string> Chain,
    ImmutableArray<ExplainedGrant> Grants)
{
    /// <summary>What the identity's token reaches if it leaks, with and without the admission policies; null for an identity that holds nothing.</summary>
    public LeakReach? IfTokenLeaks { get; init; }
}

/// <summary>Explains an identity (<c>pipeline/stage</c>) from the plans alone, offline.</summary>
public static class Explain
{
    public static ImmutableArray<IdentityExplanation> Describe(IEnumerable<Plan> plans, string identity, string? environment = null)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(identity);
        return [.. plans
            .Where(p => environment is null || p.Environment == environment)
            .OrderBy(p => p.Environment, StringComparer.Ordinal)
            .SelectMany(p => p.Identities.Where(i => i.Id == identity).Select(i => Describe(p, i))
                .Concat(p.Deployers.Where(d => d.Id == identity).Select(d => Describe(p, d))))];
    }

    /// <summary>
    /// A deployer, explained like a stage: the grants it holds (its rows of the matrix) and the chain
    /// from the deploy job's sign-in to each system. It is assumed by the Pulumi project's deploy job
    /// through the identities the bootstrap created (docs/pulumi.md), so those parts read as such.
    /// </summary>
    public static IdentityExplanation Describe(Plan plan, DeployerRights deployer)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(deployer);
        var sources = GrantSource.For(plan);
        var grants = AccessMatrix.Build(plan)
            .Where(r => r.Identity == deployer.Id)
            .GroupBy(r => (r.System, r.Scope, r.Resource))
            .Select(g => new ExplainedGrant(g.Key.System, g.Key.Scope, g.Key.Resource, [.. g.Select(r => r.Action)], sources.Of(g.First())))
            .ToImmutableArray();
        var chain = ImmutableArray.CreateBuilder<string>();
        chain.Add($"registers {(deployer.Team is null ? "the environment's own objects and the pipelines" : $"team {deployer.Team}'s pipelines")}: {(deployer.Pipelines.IsEmpty ? "none" : string.Join(", ", deployer.Pipelines))}");
        foreach (var role in deployer.KubernetesRoles)
        {
            chain.Add(role.Kind == "ClusterRole"
                ? $"Kubernetes: ClusterRoleBinding {role.Name} binds user {deployer.KubernetesUser} to ClusterRole {role.Name}"
                : $"Kubernetes: RoleBinding {role.Namespace}/{role.Name} binds user {deployer.KubernetesUser} to Role {role.Namespace}/{role.Name}");
        }

        if (!deployer.Guards.IsEmpty)
        {
            chain.Add($"Kubernetes: held to the plan's Roles, RoleBindings, NetworkPolicies and namespace labels by {deployer.Guards.Length} admission guard(s) the bootstrap applies "
                + $"(guard.yaml, {string.Join(", ", deployer.Guards.Select(g => g.Name))}): a binding to another subject or a wider rule is denied");
        }

        chain.Add($"Vault: policy {deployer.VaultPolicy.Name}, attached by the deployer's JWT role the bootstrap created");
        foreach (var role in deployer.AzureRoles)
        {
            chain.Add($"Azure: custom role {role.Definition.RoleName} assigned on {role.Scope[(role.Scope.LastIndexOf('/') + 1)..]}"
                + (role.AssignableRoleNames.IsEmpty ? "" : $", assigns only {string.Join(", ", role.AssignableRoleNames)} to service principals"));
        }

        return new IdentityExplanation(plan.Environment, DiffWording.Tier(plan.Tier), deployer.Id, PipelineState.Active, "the Pulumi project's repository",
            DeployerRights.SignIn, $"{plan.Environment} deploy", plan.Tier == Tier.Production, "per sign-in", chain.ToImmutable(), grants);
    }

    public static IdentityExplanation Describe(Plan plan, StageIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(identity);
        var sources = GrantSource.For(plan);
        var matrix = AccessMatrix.Build(plan);
        var grants = Leak.Grants(matrix, sources, identity.Id, kubernetesOnly: false);
        return new IdentityExplanation(plan.Environment, DiffWording.Tier(plan.Tier), identity.Id, identity.State, identity.Repository,
            identity.CiSubject, identity.CiEnvironment, identity.ApprovalGated, Patterns.FormatDuration(identity.TokenTtl), Chain(plan, identity), grants)
        {
            IfTokenLeaks = identity.IsActive ? Leak.Of(plan, identity, matrix, sources) : null,
        };
    }

    public static string Text(IReadOnlyList<IdentityExplanation> explanations)
    {
        ArgumentNullException.ThrowIfNull(explanations);
        var text = new StringBuilder();
        foreach (var e in explanations)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append(e.Identity).Append(" in ").Append(e.Environment).Append(" (").Append(e.Tier).Append(")\n");
            text.Append("  pipeline state: ").Append(e.State.ToString().ToLowerInvariant()).Append(", repository ").Append(e.Repository).Append('\n');
            text.Append("  assumed by CI jobs with subject ").Append(e.CiSubject)
                .Append(e.ApprovalGated ? $" (approval-gated CI environment {e.CiEnvironment})" : "").Append('\n');
            text.Append("  token lifetime: ").Append(e.TokenTtl).Append('\n');
            if (e.State != PipelineState.Active)
            {
                text.Append("  holds no grants: no binding, no auth role, no federated credential\n");
                continue;
            }

            text.Append("  how a job gets access:\n");
            foreach (var step in e.Chain)
            {
                text.Append("    ").Append(step).Append('\n');
            }

            text.Append("  grants:\n");
            foreach (var grant in e.Grants)
            {
                text.Append("    ").Append(Line(grant)).Append('\n');
            }

            if (e.IfTokenLeaks is { } leak)
            {
                LeakText(text, leak, e.TokenTtl);
            }
        }

        return text.ToString();
    }

    private static string Line(ExplainedGrant grant) =>
        $"{grant.System} {grant.Scope} {grant.Resource}: {string.Join(", ", grant.Actions)} ({grant.GrantedBy})";

    /// <summary>The section "if this identity's token leaks": its grants, then what it reaches without admission policies.</summary>
    private static void LeakText(StringBuilder text, LeakReach leak, string ttl)
    {
        text.Append("  if this identity's token leaks:\n");
        text.Append("    directly: the ").Append(leak.Direct.Length).Append(" grant(s) above, until the token expires (").Append(ttl).Append(")\n");
        if (!leak.ReachesBeyondGrants)
        {
            text.Append("    ").Append(leak.Admission).Append('\n');
            return;
        }

        text.Append("    without admission policies, it can change pod templates in ").Append(string.Join(", ", leak.Namespaces.Select(n => n.Namespace)))
            .Append(", so a pod it starts there can:\n");
        text.Append("      run as any ServiceAccount of ").Append(string.Join(", ", leak.SecretsOf))
            .Append(" (the default and the workloads' accounts too), with a token the kubelet keeps refreshing\n");
        foreach (var account in leak.ServiceAccounts)
        {
            text.Append("        ServiceAccount ").Append(account.ServiceAccount).Append(" of ").Append(account.Identity)
                .Append(account.Grants.IsEmpty ? ": no bound grant\n" : ":\n");
            foreach (var grant in account.Grants)
            {
                text.Append("          ").Append(Line(grant)).Append('\n');
            }
        }

        text.Append("      mount every Secret of ").Append(string.Join(", ", leak.SecretsOf))
            .Append(" as a volume or environment variable (and print it to logs)\n");
        foreach (var ns in leak.Namespaces)
        {
            text.Append("      in ").Append(ns.Namespace).Append(", run at Pod Security level ").Append(ns.PodSecurityLevel).Append(": ").Append(ns.PodsMay).Append('\n');
        }

        text.Append("    admission: ").Append(leak.Admission).Append('\n');
    }

    public static string JsonText(IReadOnlyList<IdentityExplanation> explanations) => Json.Serialize(explanations);

    /// <summary>The hops from the CI job's OIDC token to each system, named as the declarations are.</summary>
    private static ImmutableArray<string> Chain(Plan plan, StageIdentity identity)
    {
        var chain = ImmutableArray.CreateBuilder<string>();
        foreach (var role in plan.Vault.JwtRoles.Where(r => r.Owner.Subject == identity.Id))
        {
            chain.Add($"Vault: auth/{role.Backend}/role/{role.Name} accepts subject {role.BoundSubject}, grants policies {string.Join(", ", role.TokenPolicies)}");
        }

        foreach (var secretRole in plan.Vault.KubernetesSecretRoles.Where(r => r.Owner.Subject == identity.Id))
        {
            chain.Add($"Kubernetes: {secretRole.Backend}/creds/{secretRole.Name} mints a token for ServiceAccount {string.Join(", ", secretRole.AllowedKubernetesNamespaces)}/{secretRole.ServiceAccountName}");
        }

        foreach (var binding in plan.Kubernetes.RoleBindings.Where(b => b.Owner.Subject == identity.Id))
        {
            chain.Add($"Kubernetes: RoleBinding {binding.Namespace}/{binding.Name} binds it to Role {binding.Namespace}/{binding.RoleRef.Name}");
        }

        foreach (var credential in plan.Azure.FederatedCredentials.Where(c => c.Owner.Subject == identity.Id))
        {
            chain.Add($"Azure: federated credential {credential.Name} on managed identity {credential.IdentityName} accepts subject {credential.Subject}");
        }

        foreach (var assignment in plan.Azure.RoleAssignments.Where(a => a.Owner.Subject == identity.Id))
        {
            chain.Add($"Azure: role {assignment.RoleName} assigned on {assignment.Scope[(assignment.Scope.LastIndexOf('/') + 1)..]} for repositories {string.Join(", ", assignment.Repositories)}");
        }

        return chain.ToImmutable();
    }
}
