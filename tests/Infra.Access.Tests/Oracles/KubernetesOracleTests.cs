using System.Text;
using Infra.Access.Rendering;
using Infra.Access.Tests.Golden;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Oracle: the official Kubernetes C# client's models (KubernetesClient) read every rendered
/// object strictly (an unknown or misspelled field throws) and write it back to the same tree.
/// </summary>
public sealed class KubernetesOracleTests
{
    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal)
    {
        ["ServiceAccount"] = typeof(V1ServiceAccount),
        ["Role"] = typeof(V1Role),
        ["RoleBinding"] = typeof(V1RoleBinding),
        ["NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["ValidatingAdmissionPolicy"] = typeof(V1ValidatingAdmissionPolicy),
        ["ValidatingAdmissionPolicyBinding"] = typeof(V1ValidatingAdmissionPolicyBinding),
    };

    public static TheoryData<string> Cases() => [.. RenderCases.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Render_WhenReadByTheKubernetesClient_ShouldDeserializeStrictlyAndRoundTrip(string name)
    {
        var rendered = KubernetesRenderer.Render(RenderCases.Plan(name)).Content;

        var objects = KubernetesYaml.LoadAllFromString(rendered, typeMap: null, strict: true);
        var documents = Documents(rendered);

        Assert.NotEmpty(objects);
        Assert.Equal(documents.Count, objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            var kind = ((IKubernetesObject)objects[i]).Kind;
            Assert.IsType(Kinds[kind], objects[i]);
            Assert.Equal(Canonical(documents[i]), Canonical(Documents(KubernetesYaml.Serialize(objects[i])).Single()));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PodSecurity_WhenReadByTheKubernetesClient_ShouldBePartialNamespacesThatRoundTrip(string name)
    {
        var rendered = KubernetesRenderer.PodSecurity(RenderCases.Plan(name))!.Content;

        var objects = KubernetesYaml.LoadAllFromString(rendered, typeMap: null, strict: true);
        var documents = Documents(rendered);

        Assert.NotEmpty(objects);
        Assert.Equal(documents.Count, objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            var ns = Assert.IsType<V1Namespace>(objects[i]);
            // Partial: nothing a server-side apply would take ownership of beyond the labels and the reason.
            Assert.Null(ns.Spec);
            Assert.Null(ns.Status);
            Assert.Null(ns.Metadata.NamespaceProperty);
            Assert.All(ns.Metadata.Labels.Keys, k => Assert.StartsWith("pod-security.kubernetes.io/", k, StringComparison.Ordinal));
            Assert.Equal(Canonical(documents[i]), Canonical(Documents(KubernetesYaml.Serialize(objects[i])).Single()));
        }
    }

    [Fact]
    public void Oracle_WhenAFieldIsMisspelled_ShouldRefuseTheObject()
    {
        const string misspelled = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ci-web-deploy\n  namespace: web\nautomountServiceAcountToken: false\n";

        Assert.ThrowsAny<Exception>(() => KubernetesYaml.LoadAllFromString(misspelled, typeMap: null, strict: true));
    }

    [Fact]
    public void Oracle_WhenAFieldIsDropped_ShouldSeeTheDifference()
    {
        var document = Documents("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\nautomountServiceAccountToken: false\n").Single();
        var other = Documents("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: a\n").Single();

        Assert.NotEqual(Canonical(document), Canonical(other));
    }

    private static List<YamlNode> Documents(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    /// <summary>A node as one line with mapping keys sorted, so field order does not matter and values do.</summary>
    private static string Canonical(YamlNode node)
    {
        var text = new StringBuilder();
        Write(node, text);
        return text.ToString();
    }

    private static void Write(YamlNode node, StringBuilder text)
    {
        switch (node)
        {
            case YamlMappingNode map:
                text.Append('{');
                foreach (var (key, value) in map.Children.OrderBy(c => ((YamlScalarNode)c.Key).Value, StringComparer.Ordinal))
                {
                    text.Append(((YamlScalarNode)key).Value).Append(':');
                    Write(value, text);
                    text.Append(',');
                }

                text.Append('}');
                break;
            case YamlSequenceNode sequence:
                text.Append('[');
                foreach (var item in sequence.Children)
                {
                    Write(item, text);
                    text.Append(',');
                }

                text.Append(']');
                break;
            case YamlScalarNode scalar:
                text.Append('"').Append(scalar.Value).Append('"');
                break;
        }
    }
}
