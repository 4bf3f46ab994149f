using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Rules.Separation;

/// <summary>SOD004: in production, write stages exist only after a human approved the run.</summary>
public sealed class ProductionWritesGatedRule : GuardrailRule
{
    public override string Id => "SOD004";
    public override string Name => "production-writes-approval-gated";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Separation;
    public override bool Waivable => false;
    public override string Summary => "In production every write stage is approval-gated: its identity, JWT role and federated credentials accept only the approval-gated CI environment.";
    public override string Description => "The CI system issues a token for the approval-gated environment only after a required reviewer approved the run. If a production write stage's Vault role or federated credential accepts the ungated environment, any push to the repository can change production. A write stage is one whose planned grants write anything (a Kubernetes verb other than get, list and watch; a Vault capability other than read, list, subscribe and deny; an Azure action not ending in /read), whatever the stage's capabilities are called.";
    public override string Recommendation => "Set ci.approvalEnvironment; the planner gates every production write stage.";
    public override string Example => "ci:\n  environment: prod\n  approvalEnvironment: prod-approval";
    public override ImmutableArray<RuleLink> Links => [Anchors.GitHubOidc, Anchors.VaultJwtAuth];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.IsProduction)
        {
            yield break;
        }

        var gate = context.Environment.Ci.ApprovalEnvironment;
        // A write stage is one whose grants write (WriteAccess), whatever the planner said about it:
        // a stage the planner took for read-only while it holds a write is found here, not waved through.
        var writers = WriteAccess.Writers(context.Plan);
        foreach (var identity in context.Plan.Identities.Where(i => i.IsActive && (i.Writes || writers.Contains(i.Id))))
        {
            if (gate is null || !identity.ApprovalGated || identity.CiEnvironment != gate)
            {
                yield return Found(context, identity.Id, Messages.NotGated($"stage identity {identity.Id}", identity.CiEnvironment, gate), identity.Location);
                continue;
            }

            foreach (var role in context.Plan.Vault.JwtRoles.Where(r => r.Owner.Subject == identity.Id && r.BoundClaims.GetValueOrDefault("environment") != gate))
            {
                yield return Found(context, identity.Id, Messages.NotGated($"JWT role {role.Name}", role.BoundClaims.GetValueOrDefault("environment"), gate), role.Owner.Location);
            }

            foreach (var credential in context.Plan.Azure.FederatedCredentials.Where(c => c.Owner.Subject == identity.Id && c.Subject != identity.CiSubject))
            {
                yield return Found(context, identity.Id, Messages.NotGated($"federated credential {credential.Name}", credential.Subject, gate), credential.Owner.Location);
            }
        }
    }
}
