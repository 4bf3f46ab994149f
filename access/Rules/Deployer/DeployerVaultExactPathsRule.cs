using System.Collections.Immutable;

namespace Infra.Access.Rules.Deployer;

/// <summary>DPL002: the deployer's Vault policy names the exact path of each object it manages.</summary>
public sealed class DeployerVaultExactPathsRule : GuardrailRule
{
    public override string Id => "DPL002";
    public override string Name => "deployer-vault-exact-paths";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Deployer;
    public override bool Waivable => false;
    public override string Summary => "The deployer's Vault policy lists exact paths only: sys/policies/acl/<planned policy>, auth/<jwt path>/role/<planned role>, <secrets engine>/roles/<planned role>, sys/audit/<planned device> and sys/audit; no glob, no other sys/ or auth/ path, sudo only on the audit paths, no delete on an audit device.";
    public override string Description => "Vault has no escalation prevention: whoever writes a policy writes access, and whoever writes a JWT role decides who logs in with it. 'sys/policies/acl/*' would let a stolen deployer token write a policy granting everything and attach it to a role bound to its own subject; 'auth/jwt/role/*' would let it rebind any stage's role to an attacker's repository; 'sys/*' is root. So each path is one planned object's. Vault requires sudo to enable or list audit devices, so sudo appears on those paths only, and never with delete: disabling audit is an attacker's first move, and removing a device stays with the bootstrap administrators.";
    public override string Recommendation => "Apply the policy `access render --format deployer` writes (deployer/<name>/vault.hcl) unchanged.";
    public override string Example => "# deployer/platform/vault.hcl\npath \"sys/policies/acl/ci-prod-payments-api-deploy\" {\n  capabilities = [\"create\", \"delete\", \"read\", \"update\"]\n}";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultPolicies, Anchors.VaultSudo, Anchors.VaultAudit];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = context.Plan;
        var location = context.Environment.Location;
        var exact = plan.Vault.Policies.Select(p => $"sys/policies/acl/{p.Name}")
            .Concat(plan.Vault.JwtRoles.Select(r => $"auth/{r.Backend}/role/{r.Name}"))
            .Concat(plan.Vault.KubernetesSecretRoles.Select(r => $"{r.Backend}/roles/{r.Name}"))
            .ToHashSet(StringComparer.Ordinal);
        var audit = plan.Vault.AuditDevices.Select(d => $"sys/audit/{d.Path}").ToHashSet(StringComparer.Ordinal);
        if (audit.Count > 0)
        {
            audit.Add("sys/audit");
        }

        foreach (var deployer in plan.Deployers)
        {
            var policy = deployer.VaultPolicy;
            foreach (var path in policy.Paths)
            {
                if (path.Path.Contains('*', StringComparison.Ordinal) || path.Path.Contains('+', StringComparison.Ordinal))
                {
                    yield return Found(context, deployer.Id, Messages.DeployerVaultGlob(policy.Name, path.Path), location);
                    continue;
                }

                var isAudit = audit.Contains(path.Path);
                if (!isAudit && !exact.Contains(path.Path))
                {
                    yield return Found(context, deployer.Id, Messages.DeployerVaultPath(policy.Name, path.Path), location);
                }

                if (path.Capabilities.Contains("sudo") && !isAudit)
                {
                    yield return Found(context, deployer.Id, Messages.DeployerVaultSudo(policy.Name, path.Path), location);
                }

                if (isAudit && path.Capabilities.Contains("delete"))
                {
                    yield return Found(context, deployer.Id, Messages.DeployerVaultAuditDelete(policy.Name, path.Path), location);
                }
            }
        }
    }
}
