using System.Text;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rendering;
using Infra.Access.Synthetic;
using Infra.Testing;

namespace Infra.Access.Tests.Fuzz;

/// <summary>
/// Seeded random mutations of valid definitions (delete, duplicate and swap lines, change
/// indentation, inject characters, truncate). The loader must never throw: it returns errors,
/// each inside the file. What still loads must plan and render without throwing too.
/// A failure prints the seed and iteration, so it replays exactly.
/// </summary>
public sealed class LoaderFuzzTests
{
    private const int Iterations = 700;

    // Characters that mean something to YAML, or to a terminal, or that are not text at all.
    private static readonly string[] Injections =
        [":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "|", ">", "\"", "'", "#", "%", "@", "`", "?", ",", "\t", "\0", "\u0007",
         "\u001b[31m", "\uFEFF", "\u202E", "\uD800", "é", "\r", "\r\n", "\n", "  ", "~", "null", "<<: ", "---\n", "...\n", "-1", "1e309", "0x1F"];

    public static TheoryData<string, int> Sources() => new()
    {
        { "staging", 1 },
        { "prod", 2 },
        { "synthetic", 3 },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void Load_WhenValidDefinitionIsMutatedAtRandom_ShouldNeverThrowAndLocateEveryError(string source, int seed)
    {
        var original = Source(source);
        var random = new Random(seed);
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var mutated = Mutate(original, random);
            var file = $"{source}-{seed}-{iteration}.yaml";
            LoadResult result;
            try
            {
                result = DefinitionLoader.Load(mutated, file);
                if (result.Definition is { } definition)
                {
                    var plan = Planner.Build(definition);
                    _ = PlanRenderer.Text(plan);
                    _ = KubernetesRenderer.Render(plan);
                    _ = VaultRenderer.Render(plan).ToList();
                    _ = AzureRenderer.Render(plan);
                }
            }
#pragma warning disable CA1031 // the point of the test: any exception at all is the failure to report
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail($"seed {seed}, iteration {iteration}: {e}\n--- input ---\n{mutated}");
                return;
            }

            var lines = mutated.Split('\n').Length;
            foreach (var error in result.Errors)
            {
                Assert.True(error.Location.File == file && error.Location.Line >= 1 && error.Location.Line <= lines && error.Location.Column >= 1,
                    $"seed {seed}, iteration {iteration}: error outside the file ({lines} lines): {error}");
            }
        }
    }

    internal static string Source(string name) => name == "synthetic"
        ? CatalogGenerator.Generate(new CatalogOptions(12, 5, Production: true))
        : File.ReadAllText(RepositoryRoot.File("stacks", name + ".yaml"));

    internal static string Mutate(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var count = 1 + random.Next(3);
        for (var m = 0; m < count && lines.Count > 0; m++)
        {
            var i = random.Next(lines.Count);
            switch (random.Next(7))
            {
                case 0:
                    lines.RemoveAt(i);
                    break;
                case 1:
                    lines.Insert(i, lines[i]);
                    break;
                case 2:
                    var j = Math.Min(lines.Count - 1, i + 1);
                    (lines[i], lines[j]) = (lines[j], lines[i]);
                    break;
                case 3:
                    lines[i] = random.Next(2) == 0 ? new string(' ', 1 + random.Next(3)) + lines[i] : lines[i].TrimStart();
                    break;
                case 4:
                    var at = random.Next(lines[i].Length + 1);
                    lines[i] = lines[i].Insert(at, Injections[random.Next(Injections.Length)]);
                    break;
                case 5:
                    lines[i] = lines[i][..random.Next(lines[i].Length + 1)];
                    break;
                default:
                    // Truncate the whole file.
                    lines.RemoveRange(i, lines.Count - i);
                    if (lines.Count > 0)
                    {
                        lines[^1] = lines[^1][..random.Next(lines[^1].Length + 1)];
                    }

                    break;
            }
        }

        return new StringBuilder().AppendJoin('\n', lines).ToString();
    }
}
