using System.Collections.Immutable;
using Infra.Components.Validation;
using Infra.Components.Vault;
using Pulumi;

namespace Infra.Components;

/// <summary>The environment whose Vault audit devices a <see cref="VaultAudit"/> registers.</summary>
public sealed class VaultAuditArgs
{
    /// <summary>The checked environment (from <see cref="EnvironmentGate"/>).</summary>
    public required CheckedEnvironment Environment { get; init; }
}

/// <summary>
/// Vault's audit devices. Production declares two, so one failing device does not block Vault
/// (Vault refuses requests only when no device can record them).
/// </summary>
public sealed class VaultAudit : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:VaultAudit";

    /// <summary>Registers one Vault audit device per declaration in the plan.</summary>
    /// <param name="name">The component's name.</param>
    /// <param name="args">The checked environment.</param>
    /// <param name="options">Component options, passed down to every child.</param>
    public VaultAudit(string name, VaultAuditArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var devices = args.Environment.Plan.Vault.AuditDevices;
        var child = new CustomResourceOptions { Parent = this };
        foreach (var device in devices)
        {
            _ = new Pulumi.Vault.Audit(device.Path, VaultMapping.AuditDevice(device), child);
        }

        Devices = Output.Create(devices.Select(d => d.Path).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The audit devices' paths.</summary>
    [Output("devices")]
    public Output<ImmutableArray<string>> Devices { get; }
}
