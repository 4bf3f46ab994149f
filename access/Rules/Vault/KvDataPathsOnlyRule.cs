using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT014: every other policy path is a secret value under one of the environment's secret mounts.</summary>
public sealed class KvDataPathsOnlyRule : GuardrailRule
{
    public override string Id => "VLT014";
    public override string Name => "kv-secret-values-only";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "Every policy path off the Kubernetes secrets engine is a secret value of a declared KV mount ('<mount>/data/<name>' on KV version 2) that the stage itself lists, with the capabilities its read-secret or write-secret grant.";
    public override string Description => "A secret mount is a KV engine of this environment. On KV version 2 only '<mount>/data/<name>' holds secret values; 'metadata/' lists and rewrites versions and settings, 'delete/', 'undelete/' and 'destroy/' remove or resurrect versions, 'subkeys/' and 'config' read and change the mount. No capability grants any of them, so all are refused. On a KV version 1 mount (kvV1Mounts) a secret is '<mount>/<name>', except that names starting with a version 2 endpoint are refused, since an in-place upgrade would turn them into that endpoint. A path under no declared secret mount (another engine, the JWT auth path, another environment's mount) is refused, as is a path not written exactly ('/kv//x', '.', '..'), and so is a path the stage does not list under read-secret or write-secret (a planner bug or an edited plan), or a capability beyond what those grant (read; create and update): delete destroys, list enumerates, patch, sudo and deny are no capability's.";
    public override string Recommendation => "Name secrets as '<mount>/data/<name>' under read-secret or write-secret; declare KV version 1 mounts in kvV1Mounts.";
    public override string Example => "capabilities:\n  - read-secret:\n      paths: [kv-prod/data/payments/api]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultKvV2, Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vault = context.Environment.Vault;
        foreach (var (policy, path) in VaultFacts.AllPaths(context.Plan))
        {
            // Paths on the secrets engine are VLT013's (a reserved segment or a glob also finds VLT003 or VLT001).
            if (VaultTopology.IsUnder(path.Path, vault.KubernetesSecretsPath))
            {
                continue;
            }

            var subject = policy.Owner.Subject;
            var mount = vault.SecretMountOf(path.Path);
            var problem = !VaultTopology.IsExact(path.Path) ? Messages.VaultPathNotExact(policy.Name, path.Path)
                : mount is null || VaultTopology.IsUnder(path.Path, vault.JwtAuthPath) ? Messages.VaultPathOutsideMounts(policy.Name, path.Path, vault.SecretMounts)
                : VaultTopology.SecretPathProblem(path.Path, mount, vault.VersionOf(mount)) is { } kv ? Messages.KvPath(policy.Name, kv)
                : null;
            if (problem is not null)
            {
                yield return Found(context, subject, problem, policy.Owner.Location);
                continue;
            }

            // The stage's own declaration decides what it may hold: a path it does not list under
            // read-secret or write-secret, or a capability those do not grant, is a planner bug or an edit.
            var declared = DeclaredCapabilities(context, policy.Owner, path.Path);
            if (declared.Count == 0)
            {
                yield return Found(context, subject, Messages.KvUndeclared(policy.Name, path.Path), policy.Owner.Location);
                continue;
            }

            var extra = path.Capabilities.Where(c => !declared.Contains(c)).ToList();
            if (extra.Count > 0)
            {
                yield return Found(context, subject, Messages.KvCapabilities(policy.Name, path.Path, extra), policy.Owner.Location);
            }
        }
    }

    /// <summary>The Vault capabilities the owner's stage declares on <paramref name="path"/> (read-secret, write-secret).</summary>
    private static HashSet<string> DeclaredCapabilities(RuleContext context, Planning.Owner owner, string path)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var stage = context.PipelineOf(owner)?.Stages.FirstOrDefault(s => s.Name == owner.Stage);
        foreach (var use in stage?.Capabilities ?? [])
        {
            if (use.Capability.System == Catalog.CapabilitySystem.Vault && use.Objects.Contains(path))
            {
                declared.UnionWith(use.Capability.VaultCapabilities);
            }
        }

        return declared;
    }
}
