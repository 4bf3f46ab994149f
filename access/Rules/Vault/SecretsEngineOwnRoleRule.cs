using System.Collections.Immutable;
using Infra.Access.Catalog;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT013: under the Kubernetes secrets engine a stage reaches its own role's creds path, with update, and nothing else.</summary>
public sealed class SecretsEngineOwnRoleRule : GuardrailRule
{
    public override string Id => "VLT013";
    public override string Name => "secrets-engine-own-creds-only";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override bool Waivable => false;
    public override string Summary => "Under the Kubernetes secrets engine a policy reaches only '<engine>/creds/<its own stage's role>', with update only.";
    public override string Description => "update on '<engine>/creds/<role>' mints a ServiceAccount token for that role: another stage's role is that stage's Kubernetes access. '<engine>/roles/<role>' rewrites which ServiceAccount, namespaces or rules a role mints for (any of them, cluster-wide if it wants), and '<engine>/config' replaces the engine's own cluster credentials. A stage's only business with the engine is minting its own token. The engine is the environment's kubernetesSecretsPath, and a secrets-engine role declared on any other backend is refused too (a path on such a backend is outside every secret mount, VLT014); paths are compared on segments, so '/engine//roles/x' is caught too.";
    public override string Recommendation => "Let the planner add the creds path from the stage's Kubernetes capabilities; never list an engine path as a secret.";
    public override string Example => "# policy ci-prod-payments-api-deploy:\n#   kubernetes-aks-prod/creds/ci-payments-api-deploy [update]";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultKubernetesSecrets, Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var environmentEngine = context.Environment.Vault.KubernetesSecretsPath;
        foreach (var role in context.Plan.Vault.KubernetesSecretRoles.Where(r => r.Backend != environmentEngine))
        {
            yield return Found(context, role.Owner.Subject, Messages.SecretRoleBackend(role.Name, role.Backend, environmentEngine), role.Owner.Location);
        }

        foreach (var (policy, path) in VaultFacts.AllPaths(context.Plan))
        {
            var engine = environmentEngine;
            if (!VaultTopology.IsUnder(path.Path, engine))
            {
                continue;
            }

            var own = OwnCredsPath(context, engine, policy.Owner);
            if (own is null || path.Path != own)
            {
                yield return Found(context, policy.Owner.Subject, own is null
                    ? Messages.SecretsEngineNoRole(policy.Name, path.Path, engine)
                    : Messages.SecretsEngineForeignPath(policy.Name, path.Path, engine, own), policy.Owner.Location);
            }
            else if (path.Capabilities is not ["update"])
            {
                yield return Found(context, policy.Owner.Subject, Messages.SecretsEngineCapabilities(policy.Name, path.Path, path.Capabilities), policy.Owner.Location);
            }
        }
    }

    // The role the planner names for the stage (ci-<pipeline>-<stage>), derived from the owner, not
    // looked up in the plan, so an edited role declaration cannot make another stage's role "own".
    // Only a stage with a Kubernetes capability in the definition has a role at all.
    private static string? OwnCredsPath(RuleContext context, string engine, Owner owner) =>
        owner is { Pipeline: { } pipeline, Stage: { } stage }
        && context.PipelineOf(owner)?.Stages.FirstOrDefault(s => s.Name == stage) is { } declared
        && declared.Capabilities.Any(c => c.Capability.System == CapabilitySystem.Kubernetes)
            ? VaultTopology.CredsPath(engine, Names.Derive(Names.KubernetesMax, "ci", pipeline, stage))
            : null;
}
