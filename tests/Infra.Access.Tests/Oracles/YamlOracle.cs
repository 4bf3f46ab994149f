using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Access.Yaml;
using Infra.Testing;

namespace Infra.Access.Tests.Oracles;

/// <summary>
/// The second, independent YAML reader: the npm package <c>yaml</c> (eemeli/yaml, the YAML 1.2
/// parser inside the editors' YAML language server), run by tests/oracles/yaml2json.js. One node
/// process reads a whole batch (one JSON string per line in, one JSON object per line out), so
/// thousands of texts take a second. Node and the package are required: a missing oracle fails
/// the tests, it never skips them.
/// </summary>
internal static class YamlOracle
{

    /// <summary>What the oracle made of each text, in order.</summary>
    public static IReadOnlyList<JsonObject> Read(IReadOnlyList<string> texts)
    {
        var output = NodeOracle.Run("yaml2json.js", "yaml", "the yaml oracle", stdin =>
        {
            foreach (var text in texts)
            {
                // System.Text.Json escapes every line break (U+2028 and U+2029 too), so one text is one line.
                stdin.WriteLine(JsonSerializer.Serialize(text));
            }
        });
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l, documentOptions: new JsonDocumentOptions { MaxDepth = 4096 })!.AsObject()).ToList();
        Assert.Equal(texts.Count, results.Count);
        return results;
    }

    /// <summary>Whether the oracle read exactly one document without an error.</summary>
    public static bool Accepted(JsonObject result) =>
        result["errors"]!.AsArray().Count == 0 && result["documents"]!.GetValue<int>() == 1 && result["tree"] is not null;

    /// <summary>The oracle's errors, one per line, for a failure message.</summary>
    public static string Errors(JsonObject result) =>
        string.Join("; ", result["errors"]!.AsArray().Select(e => $"{e!["code"]} at {e["line"]}:{e["col"]}"));

    /// <summary>
    /// The tree as text: every node's kind and scalar string, keys in order, and every scalar's
    /// line and column (a scalar is where a reviewer sees it). Collections carry no position: the
    /// two readers place a block collection's start differently, and its first key or item is compared anyway.
    /// </summary>
    public static string Dump(YamlNode root)
    {
        var text = new StringBuilder();
        Write(root, 0);
        return text.ToString();

        void Write(YamlNode node, int indent)
        {
            text.Append(' ', indent);
            switch (node)
            {
                case YamlScalar scalar:
                    // YamlDotNet gives an empty value the position after its key; yaml gives none.
                    text.Append(scalar.Value.Length == 0 && scalar.IsPlain ? "" : string.Create(CultureInfo.InvariantCulture, $"{scalar.Line}:{scalar.Column} "))
                        .Append(scalar.IsPlain ? "plain " : "quoted ").Append('[').Append(Escape(scalar.Value)).Append("]\n");
                    break;
                case YamlSequence sequence:
                    text.Append("sequence\n");
                    foreach (var item in sequence.Items)
                    {
                        Write(item, indent + 2);
                    }

                    break;
                case YamlMapping mapping:
                    text.Append("mapping\n");
                    foreach (var (key, value) in mapping.Entries)
                    {
                        Write(key, indent + 2);
                        Write(value, indent + 4);
                    }

                    break;
            }
        }
    }

    /// <summary>The oracle's tree in the same text form as <see cref="Dump(YamlNode)"/>.</summary>
    public static string Dump(JsonNode? root)
    {
        var text = new StringBuilder();
        Write(root, 0);
        return text.ToString();

        void Write(JsonNode? node, int indent)
        {
            text.Append(' ', indent);
            if (node is null)
            {
                // yaml's empty value (no node at all) is YamlDotNet's empty plain scalar.
                text.Append("plain []\n");
                return;
            }

            var o = node.AsObject();
            if (o["tag"] is not null || o["anchor"] is not null || o["alias"] is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"tag/anchor/alias {o.ToJsonString()}\n");
                return;
            }

            if (o["scalar"] is { } scalar)
            {
                var value = scalar.GetValue<string>();
                var plain = o["plain"]!.GetValue<bool>();
                text.Append(value.Length == 0 && plain ? "" : string.Create(CultureInfo.InvariantCulture, $"{o["line"]}:{o["col"]} "))
                    .Append(plain ? "plain " : "quoted ").Append('[').Append(Escape(value)).Append("]\n");
            }
            else if (o["sequence"] is { } sequence)
            {
                text.Append("sequence\n");
                foreach (var item in sequence.AsArray())
                {
                    Write(item, indent + 2);
                }
            }
            else if (o["mapping"] is { } mapping)
            {
                text.Append("mapping\n");
                foreach (var pair in mapping.AsArray())
                {
                    Write(pair![0], indent + 2);
                    Write(pair[1], indent + 4);
                }
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"unknown {o.ToJsonString()}\n");
            }
        }
    }

    private static string Escape(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            _ = c is < ' ' or (>= '\u007F' and <= '\u00A0') or '\u2028' or '\u2029' or '\uFEFF'
                ? text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")
                : text.Append(c);
        }

        return text.ToString();
    }
}
