using System.Text;
using Infra.Access.Definition;
using Infra.Access.Planning;

namespace Infra.Access.Rendering;

/// <summary>The plan's Kubernetes objects as one multi-document YAML file, ready for kubectl or review.</summary>
public static class KubernetesRenderer
{
    public const string FileName = "kubernetes.yaml";

    /// <summary>The file of the namespaces' Pod Security labels: server-side apply only, apart from the objects the plan owns.</summary>
    public const string PodSecurityFileName = "namespace-labels.yaml";

    public static RenderedFile Render(Plan plan)
    {
        var text = new StringBuilder();
        foreach (var document in Documents(plan))
        {
            text.Append(document);
        }

        return new RenderedFile(FileName, text.ToString());
    }

    /// <summary>
    /// The file's documents one at a time, each starting with <c>---</c>: their concatenation is
    /// <see cref="Render"/>'s content, so a caller can stream thousands of objects without holding them all.
    /// </summary>
    public static IEnumerable<string> Documents(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var document in Objects(plan))
        {
            yield return "---\n" + YamlDocumentWriter.Write(document);
        }
    }

    /// <summary>
    /// Each object as ordered maps and lists, in apply order: admission policies and their bindings
    /// (so no grant exists before the policy that limits it), accounts, roles, bindings, network policies.
    /// </summary>
    public static IEnumerable<Dictionary<string, object>> Objects(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var admission in AdmissionRenderer.Objects(plan))
        {
            yield return admission;
        }

        foreach (var sa in plan.Kubernetes.ServiceAccounts)
        {
            yield return new()
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ServiceAccount",
                ["metadata"] = Metadata(sa.Name, sa.Namespace, sa.Labels),
                ["automountServiceAccountToken"] = sa.AutomountServiceAccountToken,
            };
        }

        foreach (var role in plan.Kubernetes.Roles)
        {
            yield return new()
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = role.Kind,
                ["metadata"] = Metadata(role.Name, role.Namespace, role.Labels),
                ["rules"] = role.Rules.Select(Rule).ToList(),
            };
        }

        foreach (var binding in plan.Kubernetes.RoleBindings)
        {
            yield return new()
            {
                ["apiVersion"] = "rbac.authorization.k8s.io/v1",
                ["kind"] = binding.Kind,
                ["metadata"] = Metadata(binding.Name, binding.Namespace, binding.Labels),
                ["roleRef"] = new Dictionary<string, object>
                {
                    ["apiGroup"] = binding.RoleRef.ApiGroup,
                    ["kind"] = binding.RoleRef.Kind,
                    ["name"] = binding.RoleRef.Name,
                },
                ["subjects"] = binding.Subjects.Select(Subject).ToList(),
            };
        }

        foreach (var policy in plan.Kubernetes.NetworkPolicies)
        {
            var spec = new Dictionary<string, object>
            {
                ["podSelector"] = new Dictionary<string, object>(),
                ["policyTypes"] = policy.PolicyTypes.ToList(),
            };
            if (!policy.Ingress.IsEmpty)
            {
                spec["ingress"] = policy.Ingress.Select(r => NetworkRule(r, "from")).ToList();
            }

            if (!policy.Egress.IsEmpty)
            {
                spec["egress"] = policy.Egress.Select(r => NetworkRule(r, "to")).ToList();
            }

            yield return new()
            {
                ["apiVersion"] = "networking.k8s.io/v1",
                ["kind"] = "NetworkPolicy",
                ["metadata"] = Metadata(policy.Name, policy.Namespace, policy.Labels),
                ["spec"] = spec,
            };
        }
    }

    /// <summary>
    /// Every file of the Kubernetes rendering: the objects the plan owns, then (when the plan labels
    /// any namespace) the Pod Security label patches.
    /// </summary>
    public static IReadOnlyList<RenderedFile> Files(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return PodSecurity(plan) is { } labels ? [Render(plan), labels] : [Render(plan)];
    }

    /// <summary>
    /// The Pod Security labels of the pipeline namespaces as partial Namespace objects (name, labels and
    /// an override's reason, nothing else), in a file of their own headed by how to apply it. Kept
    /// apart from <see cref="FileName"/> on purpose: <c>kubectl apply -f</c> of a Namespace would record
    /// it as applied and <c>kubectl delete -f</c> would delete the namespace with every workload in it,
    /// while server-side apply with a field manager owns only the fields sent. Null when the plan labels
    /// no namespace.
    /// </summary>
    public static RenderedFile? PodSecurity(Plan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Kubernetes.PodSecurity.IsEmpty)
        {
            return null;
        }

        var text = new StringBuilder();
        text.Append("# Pod Security Admission labels of the pipeline namespaces of ").Append(plan.Environment).Append(".\n")
            .Append("# SERVER-SIDE APPLY ONLY. Each document is a partial Namespace: its name, the pod-security labels\n")
            .Append("# and an override's reason, nothing else, so the field manager owns those fields, never the namespace:\n")
            .Append("#   kubectl apply --server-side --field-manager=").Append(Definition.PodSecurity.FieldManager).Append(" --force-conflicts -f ").Append(PodSecurityFileName).Append('\n')
            .Append("# Create the namespaces first (server-side apply creates a missing one with these fields only).\n")
            .Append("# Never client-side `kubectl apply`, `kubectl replace` or `kubectl delete -f` this file: delete removes the namespaces.\n");
        foreach (var patch in plan.Kubernetes.PodSecurity)
        {
            var metadata = new Dictionary<string, object>
            {
                ["name"] = patch.Namespace,
                ["labels"] = patch.Labels.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal),
            };
            if (!patch.Annotations.IsEmpty)
            {
                metadata["annotations"] = patch.Annotations.ToDictionary(a => a.Key, a => (object)a.Value, StringComparer.Ordinal);
            }

            text.Append("---\n").Append(YamlDocumentWriter.Write(new Dictionary<string, object>
            {
                ["apiVersion"] = "v1",
                ["kind"] = "Namespace",
                ["metadata"] = metadata,
            }));
        }

        return new RenderedFile(PodSecurityFileName, text.ToString());
    }

    private static Dictionary<string, object> Metadata(string name, string ns, IReadOnlyDictionary<string, string> labels) => new()
    {
        ["name"] = name,
        ["namespace"] = ns,
        ["labels"] = labels.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal),
    };

    private static Dictionary<string, object> Rule(PolicyRule rule)
    {
        var result = new Dictionary<string, object>
        {
            ["apiGroups"] = rule.ApiGroups.ToList(),
            ["resources"] = rule.Resources.ToList(),
        };
        if (!rule.ResourceNames.IsEmpty)
        {
            result["resourceNames"] = rule.ResourceNames.ToList();
        }

        if (!rule.NonResourceUrls.IsEmpty)
        {
            result["nonResourceURLs"] = rule.NonResourceUrls.ToList();
        }

        result["verbs"] = rule.Verbs.ToList();
        return result;
    }

    private static Dictionary<string, object> Subject(SubjectReference subject)
    {
        var result = new Dictionary<string, object> { ["kind"] = subject.Kind, ["name"] = subject.Name };
        if (subject.Namespace is not null)
        {
            result["namespace"] = subject.Namespace;
        }

        return result;
    }

    private static Dictionary<string, object> NetworkRule(NetworkRule rule, string peersKey) => new()
    {
        [peersKey] = rule.Peers.Select(Peer).ToList(),
        ["ports"] = rule.Ports.Select(p => new Dictionary<string, object> { ["port"] = p.Port, ["protocol"] = p.Protocol }).ToList(),
    };

    private static Dictionary<string, object> Peer(NetworkPeer peer)
    {
        if (peer.Cidr is not null)
        {
            return new() { ["ipBlock"] = new Dictionary<string, object> { ["cidr"] = peer.Cidr } };
        }

        var result = new Dictionary<string, object>
        {
            ["namespaceSelector"] = new Dictionary<string, object>
            {
                ["matchLabels"] = new Dictionary<string, object> { [Planner.NamespaceLabel] = peer.Namespace! },
            },
        };
        if (peer.PodLabels is { Count: > 0 } podLabels)
        {
            result["podSelector"] = new Dictionary<string, object>
            {
                ["matchLabels"] = podLabels.ToDictionary(l => l.Key, l => (object)l.Value, StringComparer.Ordinal),
            };
        }

        return result;
    }
}
