using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.Access.Admission;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Deployer;

/// <summary>
/// The admission policies that hold a deployer's Kubernetes writes to the plan, one per namespace it
/// writes in. RBAC cannot: <c>create rolebindings</c> takes no name, and RBAC lets a subject bind any
/// Role whose permissions it holds (the deployer holds the union of what it grants) to any subject,
/// and patch a Role it may patch to any rules within that union. A stolen deployer credential could
/// so hand a pipeline's rights to a principal of its choosing (<c>system:authenticated</c>), give a
/// test stage the production deploy rule, or relabel its namespace. From the deployer's user, the
/// guard admits only the planned Roles with exactly their rules, the planned RoleBindings with
/// exactly their Role and subjects, the planned NetworkPolicies with exactly their flows, no
/// ClusterRole or ClusterRoleBinding, and on the namespace itself only the planned Pod Security
/// labels and annotations, every other label and annotation unchanged.
/// </summary>
/// <remarks>
/// The bootstrap applies the guards with the deployer's rights (<c>deployer/&lt;folder&gt;/guard.yaml</c>);
/// their names are not among the plan's objects, so the deployer can neither change nor delete them.
/// Deletes are not judged: removing a planned object narrows access.
/// </remarks>
public static class DeployerGuard
{
    public const string NamePrefix = "access-deployer-guard";

    public static ImmutableArray<AdmissionPolicyDeclaration> For(Plan plan, DeployerNeeds needs, string environment, string? team, string username, Owner owner)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(needs);
        // Where it may create RBAC objects or network policies (create takes no name), and which namespaces it relabels.
        var writtenIn = needs.Kubernetes
            .Where(r => r.Namespace.Length > 0 && r.ApiGroup is PlannedObjects.RbacGroup or PlannedObjects.NetworkingGroup && r.Verb == DeployerNeeds.Create)
            .Select(r => r.Namespace);
        var labelled = needs.Kubernetes
            .Where(r => r.Namespace.Length == 0 && r.ApiGroup.Length == 0 && r.Resource == "namespaces" && r.Name.Length > 0 && r.Verb == "patch")
            .Select(r => r.Name)
            .ToHashSet(StringComparer.Ordinal);
        var namespaces = writtenIn.Concat(labelled).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (namespaces.Count == 0)
        {
            return [];
        }

        var patchable = needs.Kubernetes.Where(r => r.Verb == "patch" && r.Name.Length > 0 && r.ApiGroup is PlannedObjects.RbacGroup or PlannedObjects.NetworkingGroup)
            .Select(r => (r.Namespace, r.Resource, r.Name)).ToHashSet();
        var labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
        [
            new KeyValuePair<string, string>(Planner.LabelManagedBy, Planner.ManagedBy),
            new KeyValuePair<string, string>(Planner.LabelEnvironment, environment),
        ]);
        var guards = ImmutableArray.CreateBuilder<AdmissionPolicyDeclaration>(namespaces.Count);
        foreach (var ns in namespaces)
        {
            var roles = plan.Kubernetes.Roles.Where(r => r.Kind == "Role" && r.Namespace == ns && patchable.Contains((ns, "roles", r.Name)))
                .OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            var bindings = plan.Kubernetes.RoleBindings.Where(b => b.Kind == "RoleBinding" && b.Namespace == ns && patchable.Contains((ns, "rolebindings", b.Name)))
                .OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
            var policies = plan.Kubernetes.NetworkPolicies.Where(p => p.Namespace == ns && patchable.Contains((ns, "networkpolicies", p.Name)))
                .OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
            var podSecurity = labelled.Contains(ns) ? plan.Kubernetes.PodSecurity.FirstOrDefault(p => p.Namespace == ns) : null;
            var name = Names.Derive(Names.KubernetesMax, NamePrefix, environment, team ?? "", ns);
            guards.Add(new AdmissionPolicyDeclaration(
                name,
                username,
                [
                    new AdmissionMatchRule([PlannedObjects.RbacGroup], ["v1"], ["CREATE", "UPDATE"], ["clusterrolebindings", "clusterroles", "rolebindings", "roles"]),
                    new AdmissionMatchRule([""], ["v1"], ["UPDATE"], ["namespaces"]),
                    new AdmissionMatchRule([PlannedObjects.NetworkingGroup], ["v1"], ["CREATE", "UPDATE"], ["networkpolicies"]),
                ],
                null,
                Variables,
                Validations(ns, roles, bindings, policies, podSecurity),
                AdmissionPolicyDeclaration.Fail,
                [new AdmissionBinding(name, ["Deny"], null, ns)],
                [],
                labels,
                owner));
        }

        return guards.ToImmutable();
    }

    private static ImmutableArray<CelValidation> Validations(string ns, List<RoleDeclaration> roles, List<RoleBindingDeclaration> bindings, List<NetworkPolicyDeclaration> policies, NamespaceLabelPatch? podSecurity)
    {
        const string Resource = "request.resource.resource";
        var validations = ImmutableArray.CreateBuilder<CelValidation>();
        validations.Add(new CelValidation(
            $"!({Resource} in ['clusterrolebindings', 'clusterroles'])",
            "the deployer writes no ClusterRole or ClusterRoleBinding"));
        validations.Add(new CelValidation(
            $"{Resource} != 'roles' || (has(object.metadata.name) && object.metadata.name in {Cel.List(roles.Select(r => r.Name))})",
            roles.Count == 0 ? $"the plan has no Role for the deployer to write in {ns}" : $"the deployer writes only the Roles of the plan in {ns}: {string.Join(", ", roles.Select(r => r.Name))}"));
        foreach (var role in roles)
        {
            validations.Add(new CelValidation(
                $"{Resource} != 'roles' || object.metadata.name != {Cel.Quote(role.Name)} || ({Rules("object", role.Rules)})",
                $"Role {ns}/{role.Name} must hold exactly the rules of the plan"));
        }

        validations.Add(new CelValidation(
            $"{Resource} != 'rolebindings' || (has(object.metadata.name) && object.metadata.name in {Cel.List(bindings.Select(b => b.Name))})",
            bindings.Count == 0 ? $"the plan has no RoleBinding for the deployer to write in {ns}" : $"the deployer writes only the RoleBindings of the plan in {ns}: {string.Join(", ", bindings.Select(b => b.Name))}"));
        foreach (var binding in bindings)
        {
            validations.Add(new CelValidation(
                $"{Resource} != 'rolebindings' || object.metadata.name != {Cel.Quote(binding.Name)} || ({Binding(binding)})",
                $"RoleBinding {ns}/{binding.Name} must bind {binding.RoleRef.Kind} {binding.RoleRef.Name} to exactly its planned subjects"));
        }

        validations.Add(new CelValidation(
            $"{Resource} != 'networkpolicies' || (has(object.metadata.name) && object.metadata.name in {Cel.List(policies.Select(p => p.Name))})",
            policies.Count == 0 ? $"the plan has no NetworkPolicy for the deployer to write in {ns}" : $"the deployer writes only the NetworkPolicies of the plan in {ns}: {string.Join(", ", policies.Select(p => p.Name))}"));
        foreach (var policy in policies)
        {
            validations.Add(new CelValidation(
                $"{Resource} != 'networkpolicies' || object.metadata.name != {Cel.Quote(policy.Name)} || ({NetworkPolicy(policy)})",
                $"NetworkPolicy {ns}/{policy.Name} must select every pod and allow exactly the plan's flows"));
        }

        validations.Add(new CelValidation(
            $"{Resource} != 'namespaces' || ({Namespace(podSecurity)})",
            podSecurity is null
                ? $"the deployer changes no label or annotation of namespace {ns}"
                : $"the deployer sets only the planned Pod Security labels and annotations of namespace {ns}, and changes no other"));
        return validations.ToImmutable();
    }

    /// <summary>The object's rules are the planned ones, in order; an absent list is an empty one (the API server drops empty lists).</summary>
    private static string Rules(string owner, ImmutableArray<PolicyRule> rules)
    {
        if (rules.IsEmpty)
        {
            return $"!has({owner}.rules) || size({owner}.rules) == 0";
        }

        var text = new StringBuilder($"has({owner}.rules) && size({owner}.rules) == {rules.Length.ToString(CultureInfo.InvariantCulture)}");
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = $"{owner}.rules[{i.ToString(CultureInfo.InvariantCulture)}]";
            text.Append(" && ").Append(ListEquals(rule, "apiGroups", rules[i].ApiGroups))
                .Append(" && ").Append(ListEquals(rule, "resources", rules[i].Resources))
                .Append(" && ").Append(ListEquals(rule, "resourceNames", rules[i].ResourceNames))
                .Append(" && ").Append(ListEquals(rule, "verbs", rules[i].Verbs))
                .Append(" && ").Append(ListEquals(rule, "nonResourceURLs", rules[i].NonResourceUrls));
        }

        return text.ToString();
    }

    private static string ListEquals(string owner, string field, ImmutableArray<string> values) =>
        $"(has({owner}.{field}) ? {owner}.{field} : []) == {Cel.List(values)}";

    private static string Binding(RoleBindingDeclaration binding)
    {
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"object.roleRef.apiGroup == {Cel.Quote(binding.RoleRef.ApiGroup)} && object.roleRef.kind == {Cel.Quote(binding.RoleRef.Kind)} && object.roleRef.name == {Cel.Quote(binding.RoleRef.Name)}")
            .Append(CultureInfo.InvariantCulture, $" && has(object.subjects) && size(object.subjects) == {binding.Subjects.Length.ToString(CultureInfo.InvariantCulture)}");
        for (var i = 0; i < binding.Subjects.Length; i++)
        {
            var subject = binding.Subjects[i];
            var at = $"object.subjects[{i.ToString(CultureInfo.InvariantCulture)}]";
            text.Append(CultureInfo.InvariantCulture, $" && {at}.kind == {Cel.Quote(subject.Kind)} && {at}.name == {Cel.Quote(subject.Name)}")
                .Append(CultureInfo.InvariantCulture, $" && (has({at}.namespace) ? {at}.namespace : '') == {Cel.Quote(subject.Namespace ?? "")}");
        }

        return text.ToString();
    }

    /// <summary>
    /// The policy selects every pod (an empty pod selector), has the planned policy types and exactly
    /// the planned rules, in order: each peer a namespace by its name label (optionally some of its
    /// pods) or a CIDR without exceptions, each port with its protocol and no range. An absent rule
    /// list is an empty one; an absent peer or port list would allow everything, so sizes are compared.
    /// </summary>
    private static string NetworkPolicy(NetworkPolicyDeclaration policy)
    {
        static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
        static string Selector(string at, ImmutableSortedDictionary<string, string>? labels) => labels is null or { Count: 0 }
            ? $"!has({at})"
            : $"has({at}) && has({at}.matchLabels) && {at}.matchLabels == {{{string.Join(", ", labels.Select(l => $"{Cel.Quote(l.Key)}: {Cel.Quote(l.Value)}"))}}} && !has({at}.matchExpressions)";
        static string Rules(string list, string peers, ImmutableArray<NetworkRule> rules)
        {
            var text = new StringBuilder("size(has(object.spec." + list + ") ? object.spec." + list + " : []) == " + Count(rules.Length));
            for (var i = 0; i < rules.Length; i++)
            {
                var rule = $"object.spec.{list}[{Count(i)}]";
                text.Append(CultureInfo.InvariantCulture, $" && size(has({rule}.{peers}) ? {rule}.{peers} : []) == {Count(rules[i].Peers.Length)}");
                for (var j = 0; j < rules[i].Peers.Length; j++)
                {
                    var peer = rules[i].Peers[j];
                    var at = $"{rule}.{peers}[{Count(j)}]";
                    text.Append(" && ").Append(peer.Cidr is { } cidr
                        ? $"has({at}.ipBlock) && {at}.ipBlock.cidr == {Cel.Quote(cidr)} && !has({at}.ipBlock.except) && !has({at}.namespaceSelector) && !has({at}.podSelector)"
                        : $"!has({at}.ipBlock) && {Selector($"{at}.namespaceSelector", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, [new KeyValuePair<string, string>(Planner.NamespaceLabel, peer.Namespace ?? "")]))} && {Selector($"{at}.podSelector", peer.PodLabels)}");
                }

                text.Append(CultureInfo.InvariantCulture, $" && size(has({rule}.ports) ? {rule}.ports : []) == {Count(rules[i].Ports.Length)}");
                for (var j = 0; j < rules[i].Ports.Length; j++)
                {
                    var at = $"{rule}.ports[{Count(j)}]";
                    text.Append(CultureInfo.InvariantCulture, $" && has({at}.port) && {at}.port == {Count(rules[i].Ports[j].Port)} && has({at}.protocol) && {at}.protocol == {Cel.Quote(rules[i].Ports[j].Protocol)} && !has({at}.endPort)");
                }
            }

            return text.ToString();
        }

        return $"(!has(object.spec.podSelector.matchLabels) || size(object.spec.podSelector.matchLabels) == 0) && (!has(object.spec.podSelector.matchExpressions) || size(object.spec.podSelector.matchExpressions) == 0)"
            + $" && (has(object.spec.policyTypes) ? object.spec.policyTypes : []) == {Cel.List(policy.PolicyTypes)}"
            + $" && {Rules("ingress", "from", policy.Ingress)} && {Rules("egress", "to", policy.Egress)}";
    }

    /// <summary>The namespace's labels and annotations before and after, an absent map read as an empty one (only a namespace's validation reads them).</summary>
    private static ImmutableArray<CelVariable> Variables { get; } =
    [
        new("labels", Cel.MapOrEmpty("object.metadata", "labels")),
        new("oldLabels", Cel.MapOrEmpty("oldObject.metadata", "labels")),
        new("annotations", Cel.MapOrEmpty("object.metadata", "annotations")),
        new("oldAnnotations", Cel.MapOrEmpty("oldObject.metadata", "annotations")),
    ];

    /// <summary>
    /// The annotations the Pulumi layer's namespace patch adds (field manager, force): set to exactly
    /// these values, or left as they were.
    /// </summary>
    public static ImmutableSortedDictionary<string, string> PatchAnnotations { get; } = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
    [
        new KeyValuePair<string, string>(PodSecurity.PatchFieldManagerAnnotation, PodSecurity.FieldManager),
        new KeyValuePair<string, string>(PodSecurity.PatchForceAnnotation, "true"),
    ]);

    /// <summary>The planned Pod Security labels and annotations hold their planned values; every other one is unchanged.</summary>
    private static string Namespace(NamespaceLabelPatch? patch)
    {
        static string Pinned(string field, ImmutableSortedDictionary<string, string> values, ImmutableSortedDictionary<string, string> optional)
        {
            var now = $"variables.{field}";
            var before = $"variables.old{char.ToUpperInvariant(field[0])}{field[1..]}";
            var kept = Cel.EqualExcept(now, before, [.. values.Keys.Concat(optional.Keys)]);
            return string.Concat(values.Select(v => $"{now}.exists(k, k == {Cel.Quote(v.Key)}) && {now}[{Cel.Quote(v.Key)}] == {Cel.Quote(v.Value)} && "))
                + string.Concat(optional.Select(v => $"(!{now}.exists(k, k == {Cel.Quote(v.Key)}) || {now}[{Cel.Quote(v.Key)}] == {Cel.Quote(v.Value)}) && "))
                + "(" + kept + ")";
        }

        var none = ImmutableSortedDictionary<string, string>.Empty;
        return patch is null
            ? $"{Pinned("labels", none, none)} && {Pinned("annotations", none, none)}"
            : $"{Pinned("labels", patch.Labels, none)} && {Pinned("annotations", patch.Annotations, PatchAnnotations)}";
    }
}
