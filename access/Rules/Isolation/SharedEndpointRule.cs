using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rules.Isolation;

/// <summary>ISO007: clusters, registries and (for production) Vault servers are per environment.</summary>
public sealed class SharedEndpointRule : GuardrailRule
{
    public override string Id => "ISO007";
    public override string Name => "environment-endpoint-isolation";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Isolation;
    public override bool Waivable => false;
    public override string Summary => "No environment name, cluster (name, API server URL), registry (login server, name), audit workspace or storage account, or, where production is involved, Vault address of one environment is another environment's; URLs are compared by scheme, host and port, names ignoring case.";
    public override string Description => "Two environments on one cluster or one registry share what no namespace or repository name separates: cluster-wide objects, node access, images production pulls. The same endpoint hides behind many spellings (HTTPS://Vault.Prod:443/ is https://vault.prod), so endpoints are compared after normalising. Non-production environments may share a Vault server with separate mounts (ISO003 compares them); production may not, because Vault's server-wide objects (default policy, identities, audit devices, sys/) are then shared with a weaker environment's operators.";
    public override string Recommendation => "Give each environment its own cluster, registry and audit sink, and production its own Vault server.";
    public override string Example => "cluster:\n  name: aks-prod-weu\n  apiServerUrl: https://aks-prod-weu.hcp.westeurope.azmk8s.io\nvault:\n  address: https://vault.prod.example.internal:8200";
    public override ImmutableArray<RuleLink> Links => [Anchors.AzurePrivilegedRoles, Anchors.VaultPolicies];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return CrossEnvironment.Overlapping(context, Claims, nested: false)
            .Where(s => !s.Mine.Key.StartsWith(VaultKey, StringComparison.Ordinal) || context.IsProduction || s.Other.Tier == Tier.Production)
            .Select(s => Found(context, s.Mine.Owner.Subject, s.Message, s.Mine.Owner.Location));
    }

    private const string VaultKey = "vault ";

    private static IEnumerable<Claim> Claims(Plan plan, EnvironmentDefinition? definition)
    {
        if (definition is null)
        {
            yield break;
        }

        var env = definition.Environment;

        // Two files that call themselves one environment: each deploys over the other's stack and names.
        yield return new Claim("name " + SharedKeys.Name(env.Name), $"environment name '{env.Name}'", Owner.Environment(env.Location));
        var cluster = Owner.Environment(env.Cluster.Location);
        yield return new Claim("cluster " + SharedKeys.Name(env.Cluster.Name), $"cluster {env.Cluster.Name}", cluster);
        yield return new Claim("api " + SharedKeys.Endpoint(env.Cluster.ApiServerUrl), $"API server {env.Cluster.ApiServerUrl}", cluster);
        if (env.Azure?.Registry is { } registry)
        {
            yield return new Claim("registry " + SharedKeys.Name(registry.LoginServer), $"registry {registry.LoginServer}", Owner.Environment(registry.Location));

            // Registry names are global in Azure: two ids ending in one name are one registry, or one is wrong.
            yield return new Claim("registry-name " + SharedKeys.Name(registry.Name), $"registry name {registry.Name}", Owner.Environment(registry.Location));
        }

        yield return new Claim(VaultKey + SharedKeys.Endpoint(env.Vault.Address), $"Vault {env.Vault.Address}", Owner.Environment(env.Vault.Location));

        // Audit evidence: another environment writing to (or owning) this one's audit sink can flood or shape it.
        if (plan.Azure.AuditSink is { } sink && env.Azure is { } azure)
        {
            yield return new Claim(
                $"workspace {SharedKeys.Name(azure.SubscriptionId)}/{SharedKeys.Name(sink.ResourceGroup)}/{SharedKeys.Name(sink.WorkspaceName)}", $"Log Analytics workspace {sink.ResourceGroup}/{sink.WorkspaceName}", sink.Owner);
            if (sink.ImmutableStorage is { } storage)
            {
                // Storage account names are global in Azure: the same name is the same account.
                yield return new Claim("storage " + SharedKeys.Name(storage.AccountName), $"audit storage account {storage.AccountName}", sink.Owner);
            }
        }
    }
}
