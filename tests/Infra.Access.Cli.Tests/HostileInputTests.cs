using System.Text.RegularExpressions;
using Infra.Testing;

namespace Infra.Access.Cli.Tests;

/// <summary>
/// The hostile corpus (tests/Infra.Access.Tests/Fixtures/Hostile) through the command line, as a
/// user would meet it: exit code 2, only <c>file:line:col: error:</c> lines on stderr, nothing on
/// stdout, no stack trace, nothing written.
/// </summary>
public sealed partial class HostileInputTests : IDisposable
{
    private static readonly string Corpus = RepositoryRoot.File("tests", "Infra.Access.Tests", "Fixtures", "Hostile");

    private readonly string _temp = Directory.CreateTempSubdirectory("access-hostile-").FullName;

    public static TheoryData<string, string> FixturesAndCommands()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in Directory.GetFiles(Corpus, "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(path), "check");
        }

        data.Add("alias-bomb.yaml", "plan");
        data.Add("parser-crash.yaml", "plan");
        data.Add("invalid-utf8.yaml", "render");
        data.Add("deep-flow-nesting.yaml", "render");
        return data;
    }

    [Theory]
    [MemberData(nameof(FixturesAndCommands))]
    public void Run_WhenDefinitionIsHostile_ShouldExitTwoWithLocatedErrorsOnly(string fixture, string command)
    {
        var path = Path.Combine(Corpus, fixture);
        string[] args = command == "render" ? ["render", path, "--format", "kubernetes"] : [command, path];

        var (exit, output, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        AssertOnlyLocatedErrors(error, path);
    }

    [Fact]
    public void Render_WhenDefinitionIsHostileAndOutputDirIsGiven_ShouldWriteNothing()
    {
        var target = Path.Combine(_temp, "out");

        var (exit, _, _) = Run(["render", Path.Combine(Corpus, "alias-bomb.yaml"), "--format", "vault", "--output-dir", target]);

        Assert.Equal(2, exit);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(_temp));
    }

    [Fact]
    public void Check_WhenFileIsFiftyMegabytes_ShouldExitTwoNamingTheLimit()
    {
        // Generated here, never committed: 50 MB of a valid-looking definition that goes on and on.
        var path = Path.Combine(_temp, "huge.yaml");
        using (var writer = new StreamWriter(path))
        {
            writer.Write("environment:\n  name: staging\npipelines:\n");
            var entry = "  - name: p\n    team: t\n";
            for (var written = 0L; written < 50L * 1024 * 1024; written += entry.Length)
            {
                writer.Write(entry);
            }
        }

        var (exit, output, error) = Run(["check", path]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        AssertOnlyLocatedErrors(error, path);
        Assert.Contains("the limit is", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 11, class 9: a 2 MB file of mistakes (a pipeline list where every entry has unknown
    /// keys and bad values) gives each command a screenful of located errors and one closing count,
    /// never megabytes: output bounded whatever the input.
    /// </summary>
    [Theory]
    [InlineData("check")]
    [InlineData("plan")]
    [InlineData("render")]
    [InlineData("diff")]
    public void Run_WhenATwoMegabyteFileIsAllErrors_ShouldPrintABoundedReport(string command)
    {
        var path = Path.Combine(_temp, "errors.yaml");
        var text = new System.Text.StringBuilder(File.ReadAllText(RepositoryRoot.File("stacks", "staging.yaml")));
        for (var i = 0; text.Length < 2 * 1024 * 1024; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  - name: Bad_{i}\n    state: maybe\n    unknown{i}: x\n    reviewBy: someday\n");
        }

        File.WriteAllText(path, text.ToString());
        string[] args = command switch
        {
            "render" => ["render", path, "--format", "kubernetes"],
            "diff" => ["diff", "--base", CliRun.Staging, "--head", path],
            _ => [command, path],
        };

        var (exit, output, error) = Run(args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        AssertOnlyLocatedErrors(error, path);
        var lines = error.TrimEnd('\n').Split('\n');
        Assert.Equal(CliContext.MaxErrorsShown + 1, lines.Length);
        Assert.Matches(@"and [0-9]{5,} more error\(s\) not shown", lines[^1]);
        Assert.True(error.Length < 64 * 1024, $"{error.Length} characters of errors for a 2 MB file");
    }

    [Theory]
    [InlineData("invalid-utf8.yaml", 25, "not valid UTF-8")]
    [InlineData("utf16-bom.yaml", 1, "not valid UTF-8 (byte offset 0)")]
    public void Check_WhenFileIsNotUtf8_ShouldNameTheLine(string fixture, int line, string fragment)
    {
        var path = Path.Combine(Corpus, fixture);

        var (exit, _, error) = Run(["check", path]);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{path.Replace('\\', '/')}:{line}:", error, StringComparison.Ordinal);
        Assert.Contains(fragment, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.yaml")]
    [InlineData("")]
    public void Check_WhenPathIsNotAFile_ShouldExitTwoWithoutStackTrace(string name)
    {
        var path = name.Length == 0 ? _temp : Path.Combine(_temp, name);

        var (exit, output, error) = Run(["check", path]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        AssertOnlyLocatedErrors(error, path);
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static (int Exit, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = AccessCli.Run(args, new CliContext(output, error, new DateOnly(2026, 11, 24)));
        return (exit, output.ToString(), error.ToString());
    }

    private static void AssertOnlyLocatedErrors(string error, string path)
    {
        Assert.NotEmpty(error);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        var display = path.Replace('\\', '/');
        foreach (var line in error.TrimEnd('\n').Split('\n'))
        {
            Assert.StartsWith(display + ":", line, StringComparison.Ordinal);
            if (NotShown().IsMatch(line[display.Length..]))
            {
                continue;
            }

            Assert.Matches(LocatedError(), line[display.Length..]);
        }
    }

    [GeneratedRegex("^:[1-9][0-9]*:[1-9][0-9]*: error: ")]
    private static partial Regex LocatedError();

    [GeneratedRegex("^: and [1-9][0-9]* more error\\(s\\) not shown")]
    private static partial Regex NotShown();
}
