using System.Text.RegularExpressions;
using Infra.Access.Loading;
using Infra.Testing;

namespace Infra.Access.Tests.Hostile;

/// <summary>
/// Wrong types at every level: each value of the shipped staging definition, one at a time, is
/// replaced by a value of another shape (a scalar by a list and by a mapping, a block or a flow
/// list by a scalar). Each replacement must be refused with an error on the line it was made.
/// </summary>
public sealed partial class WrongTypeTests
{
    public static TheoryData<int, string> Replacements()
    {
        var data = new TheoryData<int, string>();
        var lines = StagingLines();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = KeyLine().Match(lines[i]);
            if (!match.Success || lines[i].TrimStart().StartsWith('#'))
            {
                continue;
            }

            var (head, value) = (match.Groups["head"].Value, match.Groups["value"].Value);
            if (value.Length == 0)
            {
                // A block below (mapping or list), or a capability with no parameters.
                var opensBlock = i + 1 < lines.Length && Indent(lines[i + 1]) > Indent(lines[i]) + (head.TrimStart().StartsWith('-') ? 2 : 0);
                data.Add(i + 1, opensBlock ? head + " not-a-block" : head + " [not, a, mapping]");
            }
            else if (value.StartsWith('['))
            {
                data.Add(i + 1, head + " not-a-list");
                data.Add(i + 1, head + " {not: a-list}");
            }
            else
            {
                data.Add(i + 1, head + " [not, a, scalar]");
                data.Add(i + 1, head + " {not: a-scalar}");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Replacements))]
    public void Load_WhenOneValueHasTheWrongShape_ShouldFailOnThatLine(int line, string replacement)
    {
        var lines = StagingLines().ToList();
        var indent = Indent(lines[line - 1]);
        lines[line - 1] = replacement;
        if (replacement.EndsWith("not-a-block", StringComparison.Ordinal))
        {
            // Drop the block the key held, so the replacement is the whole value.
            while (line < lines.Count && (lines[line].Trim().Length == 0 || Indent(lines[line]) > indent + (replacement.TrimStart().StartsWith('-') ? 2 : 0)))
            {
                lines.RemoveAt(line);
            }
        }

        var result = DefinitionLoader.Load(string.Join('\n', lines), "staging.yaml");

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Location.Line == line);
    }

    private static string[] StagingLines() =>
        File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml")).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    [GeneratedRegex("^(?<head>\\s*(- )?[A-Za-z_-]+:)(\\s+(?<value>.*))?$")]
    private static partial Regex KeyLine();
}
