using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Tests.Golden;
using k8s;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// Every rendered Kubernetes YAML file of the golden render cases (kubernetes.yaml,
/// namespace-labels.yaml, deployer/&lt;folder&gt;/kubernetes.yaml and guard.yaml), every document,
/// read the way its users' tools read it:
/// - the Kubernetes OpenAPI schemas (npm kubernetes-models) validate each object as its apiVersion
///   and kind say; an unknown apiVersion or kind fails;
/// - the editors' YAML reader (npm yaml), as YAML 1.2 and as YAML 1.1 (the resolution of the Go
///   reader behind kubectl), must read exactly the objects the Kubernetes C# client reads
///   (KubernetesClient, strict: an unknown field throws). A CEL expression, a label or a name that one
///   reader splits, unescapes or types differently would change what the API server is sent.
/// Nulls and empty values are not forgiven: the client's JSON leaves nulls out, so a key the file
/// writes empty or null would be a difference; an empty list or map it keeps, like the file.
/// </summary>
public sealed class KubernetesManifestOracleTests(RenderedKubernetesFiles files) : IClassFixture<RenderedKubernetesFiles>
{
    public static TheoryData<string> Files() => [.. RenderedKubernetesFiles.Paths()];

    [Theory]
    [MemberData(nameof(Files))]
    public void Golden_WhenValidatedAgainstTheKubernetesSchemas_ShouldPassEveryDocument(string file)
    {
        var documents = files.Read(file).Yaml12;
        var verdicts = files.Verdicts(file);

        Assert.NotEmpty(documents);
        Assert.Equal(documents.Count, verdicts.Count);
        var failures = documents.Zip(verdicts, (d, v) => (Document: d, Verdict: v)).Select((p, i) => (p.Document, p.Verdict, Index: i))
            .Where(p => !p.Verdict.Valid)
            .Select(p => $"document {p.Index + 1} ({p.Document?["kind"]} {p.Document?["metadata"]?["name"]}): {string.Join("; ", p.Verdict.Errors)}");
        Assert.Empty(failures);
        // Each file holds only the kinds it is for: namespace-labels.yaml are Namespaces (partial, for
        // server-side apply: a name and labels are a valid Namespace), guard.yaml admission policies.
        Assert.All(verdicts, v => Assert.Contains(v.Model!, RenderedKubernetesFiles.KindsOf(file)));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Golden_WhenReadByYamlAndByTheKubernetesClient_ShouldGiveTheSameObjects(string file)
    {
        var yaml = files.Read(file);
        var client = ClientObjects(files.Text(file));

        Assert.Empty(yaml.Errors);
        Assert.NotEmpty(client);
        Assert.Equal(client.Count, yaml.Yaml12.Count);
        Assert.Equal(client.Count, yaml.Yaml11.Count);
        for (var i = 0; i < client.Count; i++)
        {
            Assert.Equal(Canonical(client[i]), Canonical(yaml.Yaml12[i]));
            Assert.Equal(Canonical(client[i]), Canonical(yaml.Yaml11[i]));
        }
    }

    [Fact]
    public void Goldens_ShouldCoverEveryRenderedKubernetesFileOfEveryCase()
    {
        var paths = RenderedKubernetesFiles.Paths();

        Assert.All(Directory.EnumerateFiles(RenderCases.Folder, "*.y*ml", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RenderCases.Folder, p).Replace('\\', '/'))
            .Where(p => Path.GetFileName(p) != RenderCases.DefinitionFile),
            p => Assert.Contains(p, paths));
        foreach (var name in RenderCases.Names())
        {
            Assert.Contains($"{name}/kubernetes.yaml", paths);
            Assert.Contains($"{name}/namespace-labels.yaml", paths);
            Assert.Contains(paths, p => p.StartsWith($"{name}/deployer/", StringComparison.Ordinal) && p.EndsWith("/kubernetes.yaml", StringComparison.Ordinal));
            Assert.Contains(paths, p => p.StartsWith($"{name}/deployer/", StringComparison.Ordinal) && p.EndsWith("/guard.yaml", StringComparison.Ordinal));
        }
    }

    /// <summary>The schema oracle can fail: each object breaks the schema in one place, as a renderer bug would.</summary>
    [Theory]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: n}\nrules:\n- apiGroups: [apps]\n  resources: [deployments]\n  verbs: get\n", "/rules/0/verbs: must be array")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: r, namespace: n}\nsubjects:\n- {kind: ServiceAccount, name: s, namespace: n}\n", "must have required property roleRef")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: r, namespace: n}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role}\n", "/roleRef: must have required property name")]
    [InlineData("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  failurePolicy: Fial\n", "/spec/failurePolicy: must be equal to one of the allowed values")]
    [InlineData("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  validations:\n  - message: no expression\n", "/spec/validations/0: must have required property expression")]
    [InlineData("apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: p}\nspec:\n  policyName: p\n  validationActions: [Deny, Reject]\n", "/spec/validationActions/1: must be equal to one of the allowed values")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Sideways]\n", "/spec/policyTypes/1: must be equal to one of the allowed values")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  egress:\n  - ports: [{protocol: HTTP, port: 443}]\n", "/spec/egress/0/ports/0/protocol: must be equal to one of the allowed values")]
    [InlineData("apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: n}\nspec:\n  podSelector: {}\n  egress:\n  - to: [{ipBlock: {except: [10.0.0.0/8]}}]\n", "/spec/egress/0/to/0/ipBlock: must have required property cidr")]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: s, namespace: n}\nautomountServiceAccountToken: 'false'\n", "/automountServiceAccountToken: must be boolean")]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels:\n    pod-security.kubernetes.io/enforce-version: 1.30\n", "/metadata/labels/pod-security.kubernetes.io~1enforce-version: must be string")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleTemplate\nmetadata: {name: r}\n", "kind RoleTemplate: kubernetes-models has no such kind")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v1\nkind: PolicyRule\nmetadata: {name: r}\n", "kind PolicyRule: kubernetes-models has no such kind")]
    [InlineData("apiVersion: rbac.authorization.k8s.io/v2\nkind: Role\nmetadata: {name: r}\n", "apiVersion rbac.authorization.k8s.io/v2: kubernetes-models has no such group/version")]
    [InlineData("apiVersion: access.infra/v1\nkind: Pipeline\nmetadata: {name: r}\n", "apiVersion access.infra/v1: kubernetes-models has no such group/version")]
    [InlineData("kind: Role\nmetadata: {name: r}\n", "apiVersion undefined: not a Kubernetes group/version")]
    public void Oracle_WhenAnObjectBreaksTheSchema_ShouldRejectIt(string yaml, string error)
    {
        var document = Assert.Single(Assert.Single(YamlObjectsOracle.Read([yaml])).Yaml12);

        var verdict = Assert.Single(KubernetesSchemaOracle.Validate([document]));

        Assert.False(verdict.Valid);
        Assert.Contains(verdict.Errors, e => e.Contains(error, StringComparison.Ordinal));
    }

    /// <summary>
    /// The differential can fail: each text is one the client reads as a string (or leaves out) but a
    /// YAML reader types otherwise: YAML 1.1's booleans, a number with a leading zero, an empty value.
    /// </summary>
    [Theory]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  labels:\n    access.infra/stage: on\n", "1.1")]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  labels:\n    access.infra/stage: n\n", "1.1")]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  labels:\n    access.infra/stage: 0b1\n", "1.1")]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  labels:\n    access.infra/stage: 0777\n", "1.2")]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  namespace:\n", "1.2")]
    public void Differential_WhenAReaderTypesAValueOtherwise_ShouldSeeTheDifference(string yaml, string version)
    {
        var read = Assert.Single(YamlObjectsOracle.Read([yaml]));
        var client = Assert.Single(ClientObjects(yaml));

        Assert.NotEqual(Canonical(client), Canonical(Assert.Single(version == "1.1" ? read.Yaml11 : read.Yaml12)));
    }

    /// <summary>
    /// Regression: names are DNS labels, and <c>on</c>, <c>no</c>, <c>y</c>, <c>0b1</c> and
    /// <c>2001-12-14</c> are DNS labels too. Written plain, the Go reader behind kubectl (YAML 1.1)
    /// reads them as booleans, numbers and dates: a stage named <c>on</c> became
    /// <c>access.infra/stage: on</c>, which kubectl sends as <c>true</c>, and the API server refuses
    /// the object. Every string the writer writes must be a string to every reader.
    /// </summary>
    [Fact]
    public void Write_WhenAStringIsAnotherTypeToAYamlReader_ShouldQuoteItForEveryReader()
    {
        string[] strings =
        [
            "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true", "false", "null", "~",
            "0b1", "0b1_0", "+0b1", "1_000", "-1_000", "0_7", "0x_1F", "1:20", "190:20:30.15", "1_0.5", "1.5e+3", "2001-12-14", "2001-1-2",
            "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "0o17", "007", ".inf", "-.Inf", ".NaN", "=", "<<",
            "1.2.3", "10.50.34.1", "v1.30", "yesterday", "only", "nothing", "2001-12", "0b2", "1__", "0x", "12:30:61",
        ];
        var document = new Dictionary<string, object> { ["values"] = strings.Cast<object>().ToList() };
        var text = YamlDocumentWriter.Write(document);

        var read = Assert.Single(YamlObjectsOracle.Read([text]));

        Assert.Empty(read.Errors);
        var expected = Canonical(JsonSerializer.SerializeToNode(document));
        Assert.Equal(expected, Canonical(Assert.Single(read.Yaml12)));
        Assert.Equal(expected, Canonical(Assert.Single(read.Yaml11)));
    }

    /// <summary>The same, end to end: a definition whose names YAML 1.1 reads as booleans renders files every reader reads alike.</summary>
    [Fact]
    public void Render_WhenNamesAreYaml11Booleans_ShouldBeReadAlikeByEveryReader()
    {
        var (definition, file) = RenderCases.Definition("read-only-stage");
        definition = definition.Replace("name: verify", "name: on", StringComparison.Ordinal).Replace("name: web\n", "name: no\n", StringComparison.Ordinal);
        var loaded = DefinitionLoader.Load(definition, file);
        Assert.True(loaded.Succeeded, string.Join("\n", loaded.Errors));
        var plan = Planner.Build(loaded.Definition!);
        var rendered = KubernetesRenderer.Files(plan).Concat(DeployerRenderer.Render(plan))
            .Where(f => f.Path.EndsWith(".yaml", StringComparison.Ordinal)).ToList();

        var readings = YamlObjectsOracle.Read([.. rendered.Select(f => f.Content)]);

        Assert.Contains(rendered, f => f.Content.Contains("access.infra/stage: \"on\"", StringComparison.Ordinal));
        for (var f = 0; f < rendered.Count; f++)
        {
            var client = ClientObjects(rendered[f].Content);
            Assert.Empty(readings[f].Errors);
            Assert.Equal(client.Count, readings[f].Yaml11.Count);
            for (var i = 0; i < client.Count; i++)
            {
                Assert.Equal(Canonical(client[i]), Canonical(readings[f].Yaml12[i]));
                Assert.Equal(Canonical(client[i]), Canonical(readings[f].Yaml11[i]));
            }
        }
    }

    /// <summary>
    /// The CEL of the admission policies is the riskiest text the writer writes: quotes, backslashes,
    /// <c>||</c>, <c>!</c>, <c>{}</c>, <c>: </c>, <c>#</c>, long lines. Seeded random expressions,
    /// written as a policy's validations, must read back unchanged by every reader.
    /// </summary>
    [Fact]
    public void Write_OnRandomCelLikeExpressions_ShouldBeReadBackUnchangedByEveryReader()
    {
        const string alphabet = "abz09 '\"\\|&!{}[]()<>=:#,.-+*?%@`~^$\t\n\r\u00e9\u00a0\u0085\u2028\u2029\u200b\ufeff\u0007";
        string[] pieces = ["has(object.metadata)", " || ", " && ", "!has(", "{}", ": ", " #", "'a\\\\.b'", "\"x\"", "on", "- ", "? ", "0b1", "1_000", "2001-12-14", "\U0001F600", "\r\n", "\n ", "--- ", "... "];
        var random = new Random(20261202);
        var expressions = Enumerable.Range(0, 1500).Select(_ => string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ =>
            random.Next(4) == 0 ? pieces[random.Next(pieces.Length)] : alphabet[random.Next(alphabet.Length)].ToString()))).ToList();
        var policy = new Dictionary<string, object>
        {
            ["apiVersion"] = "admissionregistration.k8s.io/v1",
            ["kind"] = "ValidatingAdmissionPolicy",
            ["metadata"] = new Dictionary<string, object> { ["name"] = "p" },
            ["spec"] = new Dictionary<string, object>
            {
                ["validations"] = expressions.Select(e => (object)new Dictionary<string, object> { ["expression"] = e, ["message"] = e }).ToList(),
            },
        };
        var text = "---\n" + YamlDocumentWriter.Write(policy);

        var read = Assert.Single(YamlObjectsOracle.Read([text]));
        var client = Assert.Single(ClientObjects(text));

        Assert.Empty(read.Errors);
        var expected = Canonical(JsonSerializer.SerializeToNode(policy));
        Assert.Equal(expected, Canonical(client));
        Assert.Equal(expected, Canonical(Assert.Single(read.Yaml12)));
        Assert.Equal(expected, Canonical(Assert.Single(read.Yaml11)));
    }

    /// <summary>The objects the Kubernetes C# client reads from a text, strictly, as the JSON it would send.</summary>
    private static List<JsonNode?> ClientObjects(string text) =>
        [.. KubernetesYaml.LoadAllFromString(text, typeMap: null, strict: true).Select(o => JsonNode.Parse(KubernetesJson.Serialize(o)))];

    /// <summary>
    /// A JSON value as one line per leaf, <c>/path = value</c>, keys in ordinal order (field order
    /// does not matter to the API server, values do); an empty map or list is a leaf of its own.
    /// </summary>
    internal static string Canonical(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(node, "");
        return text.ToString();

        void Write(JsonNode? value, string path)
        {
            switch (value)
            {
                case JsonObject map when map.Count > 0:
                    foreach (var (key, item) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                    {
                        Write(item, $"{path}/{key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}");
                    }

                    break;
                case JsonArray list when list.Count > 0:
                    for (var i = 0; i < list.Count; i++)
                    {
                        Write(list[i], string.Create(CultureInfo.InvariantCulture, $"{path}/{i}"));
                    }

                    break;
                default:
                    text.Append(path).Append(" = ").Append(Leaf(value)).Append('\n');
                    break;
            }
        }
    }

    private static string Leaf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "{}",
        JsonArray => "[]",
        // Numbers by value: the two writers need not spell 443 alike.
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => decimal.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonSerializer.Serialize(v.GetValue<string>()),
        _ => value.ToJsonString(),
    };
}

/// <summary>
/// The rendered Kubernetes YAML files of the golden render cases, each read once by the yaml oracle
/// and every document validated once by the schema oracle: two node processes for all of them.
/// </summary>
public sealed class RenderedKubernetesFiles
{
    private static readonly string[] Workload =
    [
        "v1 ServiceAccount", "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 RoleBinding",
        "networking.k8s.io/v1 NetworkPolicy", "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy",
        "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding",
    ];

    private static readonly string[] Deployer =
    [
        "v1 ServiceAccount", "rbac.authorization.k8s.io/v1 Role", "rbac.authorization.k8s.io/v1 RoleBinding",
        "rbac.authorization.k8s.io/v1 ClusterRole", "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
    ];

    private static readonly string[] Guard =
    [
        "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy", "admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding",
    ];

    private static readonly string[] NamespaceLabels = ["v1 Namespace"];

    private static readonly string[] CaseFiles = ["kubernetes.yaml", "namespace-labels.yaml"];
    private static readonly string[] DeployerFiles = ["kubernetes.yaml", "guard.yaml"];

    private readonly Dictionary<string, string> texts;
    private readonly Dictionary<string, YamlObjects> read;
    private readonly Dictionary<string, IReadOnlyList<SchemaVerdict>> verdicts;

    public RenderedKubernetesFiles()
    {
        var paths = Paths();
        texts = paths.ToDictionary(p => p, p => File.ReadAllText(Path.Combine(RenderCases.Folder, p)), StringComparer.Ordinal);
        var readings = YamlObjectsOracle.Read([.. paths.Select(p => texts[p])]);
        read = paths.Zip(readings).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        var all = KubernetesSchemaOracle.Validate([.. readings.SelectMany(r => r.Yaml12)]);
        var byFile = new Dictionary<string, IReadOnlyList<SchemaVerdict>>(StringComparer.Ordinal);
        var at = 0;
        foreach (var path in paths)
        {
            byFile[path] = [.. all.Skip(at).Take(read[path].Yaml12.Count)];
            at += read[path].Yaml12.Count;
        }

        verdicts = byFile;
    }

    /// <summary>Every rendered Kubernetes YAML file, relative to Golden/Render, in ordinal order.</summary>
    public static IReadOnlyList<string> Paths() =>
    [
        .. RenderCases.Names().SelectMany(name =>
        {
            var folder = Path.Combine(RenderCases.Folder, name);
            var deployer = Path.Combine(folder, "deployer");
            var own = CaseFiles.Where(f => File.Exists(Path.Combine(folder, f))).Select(f => $"{name}/{f}");
            var deployers = Directory.Exists(deployer)
                ? Directory.GetDirectories(deployer).SelectMany(d => DeployerFiles
                    .Where(f => File.Exists(Path.Combine(d, f))).Select(f => $"{name}/deployer/{Path.GetFileName(d)}/{f}"))
                : [];
            return own.Concat(deployers);
        }).Order(StringComparer.Ordinal),
    ];

    /// <summary>The kinds a file may hold, as "apiVersion kind".</summary>
    public static IReadOnlyList<string> KindsOf(string path) =>
        path.Contains("/deployer/", StringComparison.Ordinal)
            ? path.EndsWith("/guard.yaml", StringComparison.Ordinal) ? Guard : Deployer
            : path.EndsWith("/namespace-labels.yaml", StringComparison.Ordinal) ? NamespaceLabels : Workload;

    internal string Text(string path) => texts[path];

    internal YamlObjects Read(string path) => read[path];

    internal IReadOnlyList<SchemaVerdict> Verdicts(string path) => verdicts[path];
}
