using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Matrix;
using Infra.Access.Planning;

namespace Infra;

/// <summary>The stack outputs, read from the plan and the core's access matrix.</summary>
internal static class StackOutputs
{
    public static ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, string>> Identities(Plan plan) =>
        plan.Identities.ToImmutableSortedDictionary(i => i.Id, i => Identity(plan, i), StringComparer.Ordinal);

    /// <summary>Per identity, its access-matrix rows as sorted <c>system scope resource action</c> lines (the core's summary).</summary>
    public static ImmutableSortedDictionary<string, ImmutableArray<string>> AccessMatrix(Plan plan) => AccessMatrixSummary.ToOutput(plan);

    private static ImmutableSortedDictionary<string, string> Identity(Plan plan, StageIdentity identity)
    {
        bool Owns(Owner owner) => owner.Pipeline == identity.Pipeline && owner.Stage == identity.Stage;
        var fields = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        fields["state"] = identity.State switch
        {
            PipelineState.Active => "active",
            PipelineState.Paused => "paused",
            PipelineState.Suspended => "suspended",
            _ => "decommissioned",
        };
        fields["ciSubject"] = identity.CiSubject;
        if (plan.Kubernetes.ServiceAccounts.FirstOrDefault(a => Owns(a.Owner)) is { } account)
        {
            fields["serviceAccount"] = $"{account.Namespace}/{account.Name}";
        }

        if (plan.Vault.JwtRoles.FirstOrDefault(r => Owns(r.Owner)) is { } role)
        {
            fields["vaultRole"] = $"{role.Backend}/{role.Name}";
        }

        if (plan.Azure.ManagedIdentities.FirstOrDefault(m => Owns(m.Owner)) is { } managed)
        {
            fields["azureIdentity"] = $"{managed.ResourceGroup}/{managed.Name}";
        }

        return fields.ToImmutable();
    }
}
