using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>
/// K8S023: every pipeline namespace carries exactly the Pod Security labels its definition asks for
/// (restricted unless overridden), once, and no patch relabels a namespace that is not the pipeline's.
/// </summary>
public sealed class PodSecurityLabelsRule : GuardrailRule
{
    public override string Id => "K8S023";
    public override string Name => "pod-security-labels";
    public override Severity Severity => Severity.Error;
    public override RuleCategory Category => RuleCategory.Kubernetes;
    public override bool Waivable => false;
    public override string Summary => "Every pipeline namespace (active, paused or decommissioned) gets one Pod Security label patch: enforce at the pipeline's level (restricted unless podSecurity overrides it) pinned to v1.30, audit and warn restricted at latest; no patch touches a namespace that is not its pipeline's, or a platform namespace.";
    public override string Description => "RBAC names objects, not fields: a stage that may deploy, restart or run-job writes a whole pod template, so without Pod Security Admission it could run a privileged pod with the node's filesystem mounted. The enforce label is the boundary the API server applies to every pod of the namespace, whoever created it. The check runs on the plan, so a planner that drops a label, lowers the level, loosens the pinned version, patches one namespace twice (the last apply would win) or relabels a namespace it does not own (a platform namespace, another pipeline's) is caught. Revocation keeps the labels: a paused or decommissioned pipeline's workloads stay held to its level. A patch of a platform namespace the pipeline lists is the claim's consequence, reported once by K8S014 (K8S011 for default and kube-*); this rule reports a platform patch no claim explains.";
    public override string Recommendation => "Keep the pipeline's namespaces in the definition in whatever state and let the planner label them; lower a level only with podSecurity and a reason. Report a planner that does otherwise.";
    public override string Example => "# payments-prod: pod-security.kubernetes.io/enforce=restricted, enforce-version=v1.30, audit=restricted, warn=restricted (audit-version and warn-version latest)";
    public override ImmutableArray<RuleLink> Links => [Anchors.KubernetesPodSecurityAdmission, Anchors.KubernetesPodSecurityStandards];

    public override IEnumerable<Finding> Check(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var patches = context.Plan.Kubernetes.PodSecurity.ToLookup(p => p.Namespace, StringComparer.Ordinal);
        var owned = new HashSet<(string Pipeline, string Namespace)>();
        foreach (var pipeline in context.Definition.Pipelines)
        {
            var location = pipeline.PodSecurity?.Location ?? pipeline.Location;
            var expected = PodSecurity.Labels(PodSecurity.LevelOf(pipeline));
            foreach (var ns in pipeline.Namespaces)
            {
                owned.Add((pipeline.Name, ns));
                var applied = patches[ns].ToList();
                if (applied.Count == 0)
                {
                    yield return Found(context, pipeline.Name, Messages.PodSecurityMissing(ns), location, about: ns);
                    continue;
                }

                if (applied.Count > 1)
                {
                    yield return Found(context, pipeline.Name, Messages.PodSecurityRepeated(ns, applied.Count), location, about: ns);
                }

                foreach (var patch in applied.Where(p => p.Owner.Pipeline == pipeline.Name))
                {
                    // Every label is compared, and so is the set: an extra pod-security label (an exemption-like
                    // audit level, a second version) is as wrong as a missing one.
                    var differing = expected.Keys.Union(patch.Labels.Keys.Where(k => k.StartsWith(PodSecurity.Prefix, StringComparison.Ordinal)), StringComparer.Ordinal)
                        .Order(StringComparer.Ordinal)
                        .FirstOrDefault(k => expected.GetValueOrDefault(k) != patch.Labels.GetValueOrDefault(k));
                    if (differing is not null)
                    {
                        yield return Found(context, pipeline.Name,
                            Messages.PodSecurityDiffers(ns, differing, patch.Labels.GetValueOrDefault(differing), expected.GetValueOrDefault(differing) ?? "no such label"), location, about: ns);
                    }
                }
            }
        }

        var cluster = context.Environment.Cluster;
        foreach (var patch in context.Plan.Kubernetes.PodSecurity)
        {
            if (PlatformNamespaces.IsPlatform(cluster, patch.Namespace))
            {
                // One cause, one finding: a pipeline that lists a platform namespace is refused by K8S014
                // (K8S011 for default and kube-*), and the patch the planner derives from that claim is the
                // same cause. Only a patch no reported claim explains (a planner bug) is this rule's.
                if (ClaimIsReported(context, patch))
                {
                    continue;
                }

                yield return Found(context, patch.Owner.Subject, Messages.PodSecurityPlatform(patch.Namespace), patch.Owner.Location, about: patch.Namespace);
            }
            else if (patch.Owner.Pipeline is not { } pipeline || !owned.Contains((pipeline, patch.Namespace)))
            {
                yield return Found(context, patch.Owner.Subject, Messages.PodSecurityForeign(patch.Namespace), patch.Owner.Location, about: patch.Namespace);
            }
        }
    }

    /// <summary>
    /// Whether the patch's pipeline lists the namespace and another rule reports that claim: K8S014 for a
    /// platform namespace from the definition, K8S011 for default and kube-* once the plan declares an
    /// object of the pipeline there (it declares the namespace's default-deny policy in every state).
    /// </summary>
    private static bool ClaimIsReported(RuleContext context, Planning.NamespaceLabelPatch patch)
    {
        if (patch.Owner.Pipeline is not { } name || context.Definition.Pipelines.FirstOrDefault(p => p.Name == name) is not { } pipeline
            || !pipeline.Namespaces.Contains(patch.Namespace, StringComparer.Ordinal))
        {
            return false;
        }

        if (!NoSystemNamespaceRule.IsReserved(patch.Namespace))
        {
            return true;
        }

        var k = context.Plan.Kubernetes;
        bool Here(Planning.Owner owner, string ns) => ns == patch.Namespace && owner.Pipeline == name;
        return k.ServiceAccounts.Any(s => Here(s.Owner, s.Namespace)) || k.Roles.Any(r => Here(r.Owner, r.Namespace))
            || k.RoleBindings.Any(b => Here(b.Owner, b.Namespace)) || k.NetworkPolicies.Any(n => Here(n.Owner, n.Namespace));
    }
}
