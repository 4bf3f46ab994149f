using System.Collections.Immutable;

namespace Infra.Access.Rules.Vault;

/// <summary>VLT012: Vault records every request; production survives one failed device.</summary>
public sealed class AuditDevicesRule : GuardrailRule
{
    /// <summary>Devices every environment needs (docs/rules/README.md, Thresholds, is checked against it).</summary>
    public const int Devices = 1;

    /// <summary>Devices production needs: one failed device must not block Vault.</summary>
    public const int ProductionDevices = 2;

    public override string Id => "VLT012";
    public override string Name => "vault-audit-devices";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Vault;
    public override string Summary => "At least one Vault audit device per environment, two in production.";
    public override string Description => "Without an audit device nobody can tell which pipeline read which secret. Vault refuses requests when no enabled audit device can record them, so production needs a second device: one full disk or unreachable collector must not stop every deployment.";
    public override string Recommendation => "List the devices under audit.vaultDevices: a file device and a socket or syslog device in production.";
    public override string Example => "audit:\n  vaultDevices:\n    - path: file-primary\n      type: file\n      options: {file_path: /vault/audit/audit.log}\n    - path: socket-siem\n      type: socket\n      options: {address: siem:9090, socket_type: tcp}";
    public override ImmutableArray<RuleLink> Links => [Anchors.VaultAudit];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var required = context.IsProduction ? ProductionDevices : Devices;
        var count = context.Plan.Vault.AuditDevices.Length;
        if (count < required)
        {
            yield return Found(context, "environment", Messages.AuditDevices(count, required, context.IsProduction), context.Environment.Audit.Location);
        }
    }
}
