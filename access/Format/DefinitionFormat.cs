using System.Collections.Frozen;
using System.Collections.Immutable;
using Infra.Access.Catalog;

namespace Infra.Access.Format;

/// <summary>
/// The definition format, field by field. <see cref="Loading.DefinitionLoader"/> reads with it and
/// <c>SchemaWriter</c> turns it into <c>stacks/schema.json</c>.
/// </summary>
public static class DefinitionFormat
{
    public const int PipelineNameMax = 40;
    public const int StageNameMax = 20;

    private static FieldSpec Label(string name, bool required, string description, int max = 63) =>
        new(name, FieldType.String, required, description)
        {
            Pattern = Patterns.Dns1123Label,
            PatternHint = Patterns.Dns1123LabelHint,
            MaxLength = max,
        };

    private static FieldSpec Labels(string name, bool required, string description, int minItems = 0) =>
        Label(name, required, description) with { Type = FieldType.StringList, MinItems = minItems };

    private static FieldSpec Text(string name, bool required, string description, int max = 256) =>
        new(name, FieldType.String, required, description) { MaxLength = max };

    private static FieldSpec Cidrs(string name, bool required, string description) =>
        new(name, FieldType.StringList, required, description) { Pattern = Patterns.Cidr, Check = Patterns.CheckCidr, MinItems = required ? 1 : 0 };

    public static ObjectSpec RunnerFlow { get; } = new("runnerFlow", "An egress flow of the CI runner namespace: a CIDR block and its TCP ports.",
    [
        new("cidr", FieldType.String, true, "Destination CIDR block (an egress proxy: its address as /32).") { Pattern = Patterns.Cidr, Check = Patterns.CheckCidr },
        new("ports", FieldType.IntegerList, true, "TCP ports.") { Minimum = 1, Maximum = 65535, MinItems = 1 },
    ]);

    public static ObjectSpec Cluster { get; } = new("cluster", "The Kubernetes cluster of this environment.",
    [
        Label("name", true, "Cluster name."),
        new("resourceId", FieldType.String, true, "ARM id of the AKS cluster; audit diagnostic settings attach to it.") { Pattern = Patterns.ClusterId, PatternHint = Patterns.ClusterIdHint },
        new("apiServerUrl", FieldType.String, true, "URL of the API server, given to Vault's Kubernetes secrets engine.") { Pattern = Patterns.Https, PatternHint = Patterns.HttpsHint },
        Cidrs("apiServerCidrs", true, "CIDR blocks of the API server; the runner namespace may reach them on 443."),
        Label("runnerNamespace", false, "Namespace of in-cluster CI runners; when set it gets an egress allowlist."),
        Labels("platformNamespaces", false, "Namespaces that belong to the platform (ingress controllers, monitoring, Vault, cert-manager, policy engines). No pipeline may own one or be granted anything in one. The runner namespace and the AKS system namespaces (default, kube-*, gatekeeper-system, calico-system, tigera-operator, aks-command, ...) are platform namespaces without being listed."),
        Labels("platformServices", false, "Platform namespaces pipelines may name as a network peer (ingress or egress `namespace:`), such as the ingress controller's. Each is a platform namespace too. System namespaces and the runner namespace are never services."),
        new("runnerEgress", FieldType.ObjectList, false, "What in-cluster CI runners reach beyond the API server, Vault, the registry and DNS: the CI system and its identity provider, or an egress proxy (its address as a /32 and its port). Judged like every other CIDR peer (K8S017).") { Object = RunnerFlow },
        new("kubernetesVersion", FieldType.String, false, "Kubernetes version of the cluster (MAJOR.MINOR or MAJOR.MINOR.PATCH). Admission policies (admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy) need 1.30 or later: an older version is refused. Default: assumed 1.30 or later.") { Pattern = @"^[0-9]{1,3}\.[0-9]{1,3}(\.[0-9]{1,5})?$", PatternHint = "a version such as 1.30 or 1.30.4" },
    ]);

    public static ObjectSpec Ci { get; } = new("ci", "The CI system's OIDC identity provider.",
    [
        new("issuer", FieldType.String, true, "OIDC issuer URL of the CI system.") { Pattern = Patterns.Https, PatternHint = Patterns.HttpsHint },
        Text("audience", true, "Audience Vault's JWT roles require in the CI token."),
        Text("azureAudience", false, "Audience of federated credentials.") with { Default = "api://AzureADTokenExchange" },
        new("subjectTemplate", FieldType.String, true, "The CI token's subject: exactly repo:{repository}:environment:{environment} (GitHub's subject for a job in a CI environment); the planner fills both placeholders per stage.")
        {
            MaxLength = 256,
            Pattern = SubjectTemplate.Pattern,
            PatternHint = SubjectTemplate.Hint,
            Check = SubjectTemplate.Check,
        },
        Text("userClaim", false, "Claim Vault uses as the entity alias.") with { Default = "sub" },
        Label("environment", true, "CI environment the stages of this stack run in."),
        Label("approvalEnvironment", false, "CI environment that requires a human approval; required in production, where write stages run in it."),
        new("repositoryOwners", FieldType.StringList, false, "GitHub owners (organisations) whose repositories may hold this environment's identities; a fork under a user account never may. Default: the owner the audience names when it is GitHub's default https://github.com/OWNER; production needs one or the other (SOD007).") { Pattern = Patterns.Person, PatternHint = "a GitHub owner name (letters, digits and '-')" },
    ]);

    public static ObjectSpec Vault { get; } = new("vault", "Vault mounts used by this environment.",
    [
        new("address", FieldType.String, true, "Vault address.") { Pattern = Patterns.Https, PatternHint = Patterns.HttpsHint },
        Cidrs("cidrs", false, "CIDR blocks of Vault; the runner namespace may reach them on 8200 and 443."),
        new("jwtAuthPath", FieldType.String, true, "Path of the JWT auth method bound to the CI issuer.") { Pattern = Patterns.VaultMount, PatternHint = Patterns.VaultMountHint },
        new("kubernetesSecretsPath", FieldType.String, true, "Path of the Kubernetes secrets engine that mints ServiceAccount tokens.") { Pattern = Patterns.VaultMount, PatternHint = Patterns.VaultMountHint },
        new("secretMounts", FieldType.StringList, true, "KV mounts stages may read or write (KV version 2 unless listed in kvV1Mounts); every secret path starts with one. Never the Kubernetes secrets engine or JWT auth path, above or below either, or one another; no segment sys, auth, identity or cubbyhole.") { Pattern = Patterns.VaultMount, PatternHint = Patterns.VaultMountHint, MinItems = 1 },
        new("kvV1Mounts", FieldType.StringList, false, "Those of secretMounts that are KV version 1 engines: their secret paths have no data/ prefix. Default: none, every secret mount is KV version 2.") { Pattern = Patterns.VaultMount, PatternHint = Patterns.VaultMountHint },
    ]);

    public static ObjectSpec Registry { get; } = new("registry", "The container registry of this environment.",
    [
        new("id", FieldType.String, true, "ARM id of the registry.") { Pattern = Patterns.RegistryId, PatternHint = Patterns.RegistryIdHint },
        new("loginServer", FieldType.String, true, "Login server, e.g. name.azurecr.io.") { Pattern = Patterns.Dns1123Subdomain, PatternHint = Patterns.Dns1123SubdomainHint, MaxLength = 253 },
        Cidrs("cidrs", false, "CIDR blocks of the registry endpoints; the runner namespace may reach them on 443."),
    ]);

    public static ObjectSpec Azure { get; } = new("azure", "Azure scopes of this environment.",
    [
        new("subscriptionId", FieldType.String, true, "Subscription of the CI identities.") { Pattern = Patterns.SubscriptionGuid, PatternHint = "a subscription GUID" },
        new("resourceGroup", FieldType.String, true, "Resource group that holds the CI identities and audit sinks.") { Pattern = "^[A-Za-z0-9._()-]{1,90}$", PatternHint = "a resource group name" },
        Label("location", true, "Azure region, e.g. westeurope."),
        new("registry", FieldType.Object, false, "Container registry for push-image and pull-image.") { Object = Registry },
    ]);

    public static ObjectSpec VaultDevice { get; } = new("vaultAuditDevice", "A Vault audit device.",
    [
        Label("path", true, "Path the device is enabled at."),
        new("type", FieldType.String, true, "Device type.") { Values = ["file", "socket", "syslog"] },
        new("options", FieldType.StringMap, false, "Device options as Vault takes them (file_path, address, ...)."),
    ]);

    public static ObjectSpec Audit { get; } = new("audit", "Audit sinks and retention.",
    [
        new("retentionDays", FieldType.Integer, true, "Days audit records are kept.") { Minimum = 1, Maximum = 3650 },
        new("immutableStorage", FieldType.Boolean, false, "Keep audit records in write-once storage.") { Default = "false" },
        new("logAnalyticsWorkspace", FieldType.String, false, "Log Analytics workspace that receives the cluster's audit logs.") { Pattern = "^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$", PatternHint = "a workspace name (4 to 63 letters, digits and '-')" },
        new("storageAccount", FieldType.String, false, "Storage account for immutable long-term audit records.") { Pattern = "^[a-z0-9]{3,24}$", PatternHint = "a storage account name (3 to 24 lower-case letters and digits)" },
        new("kubernetesCategories", FieldType.StringList, false, "AKS diagnostic log categories sent to the workspace.") { Values = ["kube-audit", "kube-audit-admin", "guard"] },
        new("vaultDevices", FieldType.ObjectList, false, "Vault audit devices.") { Object = VaultDevice },
    ]);

    public static ObjectSpec Environment { get; } = new("environment", "Settings of the environment this file declares.",
    [
        Label("name", true, "Environment name, e.g. staging or prod."),
        new("tier", FieldType.String, true, "production is held to stricter guardrails.") { Values = ["production", "non-production"] },
        new("cluster", FieldType.Object, true, "The cluster.") { Object = Cluster },
        new("ci", FieldType.Object, true, "The CI identity provider.") { Object = Ci },
        new("vault", FieldType.Object, true, "Vault settings.") { Object = Vault },
        new("azure", FieldType.Object, false, "Azure settings; required when a stage pushes or pulls images.") { Object = Azure },
        new("tokenTtlCeiling", FieldType.Duration, true, "Longest lifetime of any token a stage gets: at most 15m in production, 1h elsewhere.") { Pattern = Patterns.Duration, PatternHint = Patterns.DurationHint },
        new("audit", FieldType.Object, true, "Audit settings.") { Object = Audit },
    ]);

    public static ObjectSpec Flow { get; } = new("flow", "An allowed network flow: exactly one of namespace or cidr, and the TCP ports.",
    [
        Label("namespace", false, "Peer namespace."),
        new("cidr", FieldType.String, false, "Peer CIDR block.") { Pattern = Patterns.Cidr, Check = Patterns.CheckCidr },
        new("ports", FieldType.IntegerList, true, "TCP ports.") { Minimum = 1, Maximum = 65535, MinItems = 1 },
    ]);

    public static ObjectSpec Network { get; } = new("network", "Flows allowed beyond the default deny of the pipeline's namespaces.",
    [
        new("ingress", FieldType.ObjectList, false, "Flows into the namespaces.") { Object = Flow },
        new("egress", FieldType.ObjectList, false, "Flows out of the namespaces.") { Object = Flow },
    ]);

    public static ObjectSpec PodSecurity { get; } = new("podSecurity", "A departure from the restricted Pod Security level of the pipeline's namespaces, with its reason.",
    [
        new("level", FieldType.String, true, "Pod Security level enforced in every namespace of the pipeline instead of restricted: baseline, or privileged (refused in production, K8S024). restricted is the default: leave podSecurity out.") { Values = ["baseline", "privileged"] },
        Text("reason", true, "Why the pipeline's workloads cannot run under restricted (what they need: root, a capability, host access); shown in reviews and on the namespace.", 1024) with { Check = PodSecurityReasonProblem },
    ]);

    /// <summary>A reason a reviewer can read: not blank, not a placeholder of a few characters.</summary>
    private static string? PodSecurityReasonProblem(string reason) =>
        reason.Trim().Length < 10 ? "is too short to be a reason: say what the workloads need that restricted forbids (at least 10 characters)" : null;

    public static ObjectSpec Stage { get; } = new("stage", "A pipeline stage: one identity with the capabilities it lists.",
    [
        Label("name", true, "Stage name, e.g. build, deploy, verify.", StageNameMax),
        new("capabilities", FieldType.CapabilityList, true, "Capabilities from the catalog, each with its parameters.") { MinItems = 1 },
        new("tokenTtl", FieldType.Duration, false, "Token lifetime; at most the environment's ceiling, which is the default.") { Pattern = Patterns.Duration, PatternHint = Patterns.DurationHint },
        new("approvalGated", FieldType.Boolean, false, "Run in the approval-gated CI environment. Production write stages always do.") { Default = "false" },
        new("workflow", FieldType.String, false, "CI workflow file the stage's jobs run from, e.g. .github/workflows/deploy.yml. Vault binds it as the workflow_ref claim, so no other workflow of the repository can assume the stage. Needs the pipeline's ref.")
        {
            Pattern = Patterns.WorkflowFile,
            PatternHint = Patterns.WorkflowFileHint,
            MaxLength = 256,
        },
    ]);

    public static ObjectSpec Pipeline { get; } = new("pipeline", "An approved pipeline.",
    [
        Label("name", true, "Pipeline name.", PipelineNameMax),
        Label("team", true, "Owning team."),
        new("repository", FieldType.String, true, "CI repository (owner/name) whose jobs may use these identities.") { Pattern = Patterns.Repository, PatternHint = Patterns.RepositoryHint },
        new("ref", FieldType.String, false, "Git ref the jobs must run on, bound as a claim.") { Pattern = Patterns.GitRef, PatternHint = Patterns.GitRefHint },
        Labels("namespaces", true, "Namespaces the pipeline deploys to; the first holds its ServiceAccounts.", minItems: 1),
        new("state", FieldType.String, true, "Only active pipelines hold grants. Every state keeps the default-deny NetworkPolicies of the pipeline's namespaces; paused also keeps its declared flows, decommissioned drops them.") { Values = ["active", "paused", "decommissioned"] },
        new("reviewBy", FieldType.Date, true, "Date by which the pipeline's access is reviewed again: at most 6 months ahead in production, 12 elsewhere (LCY006).") { Pattern = Patterns.Date, Check = Patterns.CheckDate },
        new("maintainers", FieldType.StringList, true, "People who may change the pipeline.") { Pattern = Patterns.Person, PatternHint = Patterns.PersonHint, MinItems = 1 },
        new("approvers", FieldType.StringList, true, "People who approve production releases.") { Pattern = Patterns.Person, PatternHint = Patterns.PersonHint, MinItems = 1 },
        new("network", FieldType.Object, false, "Allowed network flows.") { Object = Network },
        new("podSecurity", FieldType.Object, false, "Pod Security level of the pipeline's namespaces when it cannot be restricted (the default), with the reason.") { Object = PodSecurity },
        new("stages", FieldType.ObjectList, true, "Stages, each its own identity.") { Object = Stage, MinItems = 1 },
    ]);

    public static ObjectSpec Exception { get; } = new("exception", "An approved exception to a guardrail.",
    [
        new("rule", FieldType.String, true, "Rule ID.") { Pattern = Patterns.RuleId, PatternHint = Patterns.RuleIdHint },
        Text("subject", true, "Subject the finding names (identity or resource)."),
        Text("object", false, "Object the finding names (a namespace, namespace/name, Vault path, Azure scope...), exactly as `access check` prints it; required for rules whose findings carry one, so the exception waives that finding only.", 1024),
        Text("reason", true, "Why the exception is needed.", 1024),
        new("expires", FieldType.Date, true, "Last day the exception applies: at most 30 days ahead in production, 90 elsewhere (LCY005).") { Pattern = Patterns.Date, Check = Patterns.CheckDate },
        new("approvedBy", FieldType.String, true, "Who approved it.") { Pattern = Patterns.Person, PatternHint = Patterns.PersonHint },
    ]);

    public static ObjectSpec Root { get; } = new("definition", "Least-privilege CI/CD access of one environment.",
    [
        new("environment", FieldType.Object, true, "Environment settings.") { Object = Environment },
        new("pipelines", FieldType.ObjectList, true, "The catalog of approved pipelines.") { Object = Pipeline },
        new("exceptions", FieldType.ObjectList, false, "Approved exceptions to guardrails.") { Object = Exception },
    ]);

    /// <summary>The parameters of a capability, as a mapping under the capability's name.</summary>
    public static ObjectSpec CapabilityParameters(Capability capability)
    {
        ArgumentNullException.ThrowIfNull(capability);
        return CatalogParameters.TryGetValue(capability, out var spec) ? spec : BuildParameters(capability);
    }

    // Built once per capability of the catalog: the loader asks for them on every capability use.
    private static readonly FrozenDictionary<Capability, ObjectSpec> CatalogParameters =
        CapabilityCatalog.All.ToFrozenDictionary<Capability, Capability, ObjectSpec>(c => c, BuildParameters, ReferenceEqualityComparer.Instance);

    private static ObjectSpec BuildParameters(Capability capability)
    {
        var fields = ImmutableArray.CreateBuilder<FieldSpec>();
        if (capability.NeedsNamespace)
        {
            fields.Add(Label("namespace", false, "Namespace the capability acts in; may be left out when the pipeline has one namespace."));
        }

        if (capability.Objects is { } objects)
        {
            fields.Add(ObjectList(objects));
        }

        if (capability == CapabilityCatalog.Scale)
        {
            fields.Add(new("minReplicas", FieldType.Integer, false, "Fewest replicas the admission policy lets the stage set.") { Minimum = 0, Maximum = 100000, Default = "0" });
            fields.Add(new("maxReplicas", FieldType.Integer, false, "Most replicas the admission policy lets the stage set. Default: no bound.") { Minimum = 0, Maximum = 100000 });
        }

        return new ObjectSpec(capability.Name, capability.Summary, fields.ToImmutable());
    }

    private static FieldSpec ObjectList(ObjectParameter parameter) => parameter.Kind switch
    {
        ObjectKind.Deployment or ObjectKind.ConfigMap => new(parameter.Key, FieldType.StringList, true, parameter.Description)
        { Pattern = Patterns.Dns1123Subdomain, PatternHint = Patterns.Dns1123SubdomainHint, MaxLength = 253, MinItems = 1 },
        ObjectKind.CronJob => new(parameter.Key, FieldType.StringList, true, parameter.Description)
        { Pattern = Patterns.Dns1123Label, PatternHint = Patterns.Dns1123LabelHint, MaxLength = 52, MinItems = 1 },
        ObjectKind.VaultPath => new(parameter.Key, FieldType.StringList, true, parameter.Description)
        { Pattern = Patterns.VaultPath, Check = Patterns.CheckVaultPath, MaxLength = 512, MinItems = 1 },
        ObjectKind.Repository => new(parameter.Key, FieldType.StringList, true, parameter.Description)
        { Pattern = Patterns.ImageRepository, PatternHint = Patterns.ImageRepositoryHint, MaxLength = 256, MinItems = 1 },
        _ => throw new ArgumentOutOfRangeException(nameof(parameter)),
    };
}
