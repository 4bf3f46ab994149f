using Infra.Access.Loading;

namespace Infra.Access.Tests.Hostile;

/// <summary>
/// Every malformed or malicious definition of the corpus is refused with an error that names a
/// line and column inside the file; none throws. Bounded time and memory come from
/// <see cref="LoadLimits"/>: each test finishing is the evidence, no timing is asserted.
/// </summary>
public sealed class HostileInputTests
{
    [Theory]
    [MemberData(nameof(HostileCorpus.TextFixtures), MemberType = typeof(HostileCorpus))]
    public void Load_WhenFixtureIsHostile_ShouldFailWithLocatedErrors(string fixture)
    {
        var text = HostileCorpus.Read(fixture);

        var result = DefinitionLoader.Load(text, fixture);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
        var lines = text.Split('\n').Length;
        Assert.All(result.Errors, e =>
        {
            Assert.Equal(fixture, e.Location.File);
            Assert.InRange(e.Location.Line, 1, lines);
            Assert.True(e.Location.Column >= 1, $"column {e.Location.Column} in {e}");
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
            Assert.DoesNotContain("Exception", e.Message, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("alias-bomb.yaml", 2, "anchor &lol0 is not allowed")]
    [InlineData("alias-in-grants.yaml", 35, "anchor &grants is not allowed")]
    [InlineData("merge-key.yaml", 22, "merge keys (<<) are not allowed")]
    [InlineData("duplicate-key-top.yaml", 37, "duplicate key 'pipelines' (first at line 23)")]
    [InlineData("duplicate-key-nested.yaml", 32, "duplicate key 'state' (first at line 28)")]
    [InlineData("multiple-documents.yaml", 37, "more than one YAML document")]
    [InlineData("path-traversal-name.yaml", 24, "'../../etc/passwd' is not a DNS-1123 label")]
    [InlineData("path-traversal-secret.yaml", 36, "holds a '.' or '..' segment")]
    [InlineData("path-traversal-namespace.yaml", 27, "'payments/../kube-system' is not a DNS-1123 label")]
    [InlineData("control-character-escaped.yaml", 25, "holds a control character")]
    [InlineData("control-character-raw.yaml", 25, "the control character U+001B")]
    [InlineData("nul-character.yaml", 25, "holds a control character")]
    [InlineData("bidi-override.yaml", 25, "is not a DNS-1123 label")]
    [InlineData("long-name.yaml", 24, "is 300 characters long; the limit is 40")]
    [InlineData("long-scalar.yaml", 25, "a value of 100000 characters is longer than the limit of 4096")]
    [InlineData("deep-flow-nesting.yaml", 23, "nesting is deeper than 24 levels")]
    [InlineData("deep-block-nesting.yaml", 47, "nesting is deeper than 24 levels")]
    [InlineData("wrong-type-root.yaml", 2, "expected a mapping (definition), found a list")]
    [InlineData("wrong-type-scalar-root.yaml", 2, "expected a mapping (definition), found 'just some text'")]
    [InlineData("wrong-type-environment.yaml", 2, "expected a mapping (environment), found a list")]
    [InlineData("wrong-type-pipelines.yaml", 24, "expected a list, found a mapping")]
    [InlineData("wrong-type-pipeline.yaml", 24, "expected a mapping (pipeline), found 'payments-api'")]
    [InlineData("wrong-type-stages.yaml", 32, "expected a list, found 'deploy'")]
    [InlineData("wrong-type-capabilities.yaml", 35, "expected a list, found a mapping")]
    [InlineData("wrong-type-capability-parameter.yaml", 36, "expected a list, found a mapping")]
    [InlineData("wrong-type-integer.yaml", 22, "expected a whole number, found 'ninety'")]
    [InlineData("wrong-type-integer-overflow.yaml", 22, "expected a whole number")]
    [InlineData("wrong-type-boolean.yaml", 34, "expected true or false, found 'yes'")]
    [InlineData("wrong-type-date.yaml", 29, "'2027-02-30' is not a date")]
    [InlineData("unknown-capability.yaml", 35, "unknown capability 'cluster-admin'")]
    [InlineData("unknown-key.yaml", 32, "unknown key in pipeline")]
    [InlineData("tab-indentation.yaml", 25, "a tab character")]
    [InlineData("unterminated-quote.yaml", 25, "YAML syntax")]
    [InlineData("parser-crash.yaml", 3, "YAML syntax: cannot read past this point")]
    [InlineData("complex-key.yaml", 23, "explicit keys ('? ') are not allowed")]
    [InlineData("tag-injection.yaml", 25, "tag !!python/object/apply:os.system is not allowed")]
    [InlineData("line-separator-in-comment.yaml", 39, "the line separator U+2028")]
    [InlineData("lone-cr-in-comment.yaml", 33, "a carriage return without a line feed")]
    [InlineData("flow-item-indicator.yaml", 38, "starts with the indicator '?'")]
    [InlineData("key-with-asterisk.yaml", 28, "unknown key in pipeline")]
    [InlineData("yaml11-directive.yaml", 3, "directives are not allowed")]
    [InlineData("document-end-marker.yaml", 31, "the document end marker '...' is not allowed")]
    [InlineData("empty-file.yaml", 1, "the file is empty")]
    [InlineData("only-comments.yaml", 1, "the file is empty")]
    public void Load_WhenFixtureIsHostile_ShouldNameTheLineAndTheProblem(string fixture, int line, string fragment)
    {
        var result = DefinitionLoader.Load(HostileCorpus.Read(fixture), fixture);

        Assert.Contains(result.Errors, e => e.Location.Line == line && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Load_WhenTextIsFiftyMillionCharacters_ShouldRefuseBeforeParsing()
    {
        var text = "environment:\n  name: " + new string('x', 50_000_000) + "\n";

        var result = DefinitionLoader.Load(text, "huge.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(new SourceLocation("huge.yaml", 1, 1), error.Location);
        Assert.Contains($"the limit is {LoadLimits.Default.MaxCharacters}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenFileHasMoreNodesThanTheLimit_ShouldStopAtTheNodeThatCrossesIt()
    {
        var text = "pipelines: [" + string.Join(", ", Enumerable.Range(0, 1000).Select(i => "p" + i)) + "]\n";

        var result = DefinitionLoader.Load(text, "wide.yaml", LoadLimits.Default with { MaxNodes = 100 });

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("more than 100 YAML nodes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(100_000)]
    public void Load_WhenFlowNestingIsVeryDeep_ShouldRefuseWithoutOverflowingTheStack(int depth)
    {
        var text = new string('[', depth) + new string(']', depth) + "\n";

        var result = DefinitionLoader.Load(text, "deep.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Contains("nesting is deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenManyAliasesFollowOneAnchor_ShouldRefuseTheFirstAnchor()
    {
        var text = "a: &a [x]\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => $"k{i}: *a\n"));

        var result = DefinitionLoader.Load(text, "aliases.yaml");

        var error = Assert.Single(result.Errors);
        Assert.Equal(1, error.Location.Line);
        Assert.Contains("anchor &a is not allowed", error.Message, StringComparison.Ordinal);
    }
}
