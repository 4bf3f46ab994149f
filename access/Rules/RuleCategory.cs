namespace Infra.Access.Rules;

/// <summary>What a rule protects; each category has its own ID prefix.</summary>
public enum RuleCategory
{
    /// <summary>K8S: RBAC, ServiceAccounts and network policies.</summary>
    Kubernetes,

    /// <summary>VLT: policies, JWT auth roles, secrets-engine roles, audit devices.</summary>
    Vault,

    /// <summary>AZR: custom roles, assignments, federated credentials, audit sinks.</summary>
    Azure,

    /// <summary>SOD: who may approve, push, deploy and write secrets.</summary>
    Separation,

    /// <summary>ISO: environments and stages share nothing.</summary>
    Isolation,

    /// <summary>LCY: paused and retired pipelines, review dates, exceptions.</summary>
    Lifecycle,

    /// <summary>DPL: the identities that run pulumi up hold what the plan needs, never admin rights.</summary>
    Deployer,

    /// <summary>GHB: GitHub governance: approval environments, deployment branch policies, CODEOWNERS.</summary>
    GitHub,
}
