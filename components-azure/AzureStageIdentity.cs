using Pulumi;

namespace Infra.Components.Azure;

/// <summary>A stage's user-assigned managed identity, its federated credential and role assignments.</summary>
public sealed class AzureStageIdentity : ComponentResource
{
    /// <summary>Registers the identity.</summary>
    public AzureStageIdentity(string name, ComponentResourceOptions? options = null)
        : base("infra:access:AzureStageIdentity", name, options)
    {
        RegisterOutputs();
    }
}
