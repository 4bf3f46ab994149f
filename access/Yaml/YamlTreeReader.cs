using System.Collections.Immutable;
using Infra.Access.Loading;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Infra.Access.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="YamlNode"/> tree from the parser's events.
/// Aliases are refused outright: a definition is reviewed line by line, and an alias makes a
/// line mean something written elsewhere (and opens the door to expansion bombs).
/// </summary>
public static class YamlTreeReader
{
    /// <summary>Parses <paramref name="text"/>; returns the root or the first error.</summary>
    public static (YamlNode? Root, DefinitionError? Error) Read(string text, string file, LoadLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxCharacters)
        {
            return (null, new DefinitionError(new SourceLocation(file, 1, 1), "",
                $"the file has {text.Length} characters; the limit is {limits.MaxCharacters}"));
        }

        // A byte-order mark opening the file is an encoding signature, not text: editors do not show
        // it and count columns without it. Anywhere else it is refused with the other invisible characters.
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        if (ReviewableText.FirstRefused(text, file) is { } refused)
        {
            return (null, refused);
        }

        return BlockSubsetReader.TryRead(text, file, limits) is { } root ? (root, null) : ReadWithParser(text, file, limits);
    }

    /// <summary>Parses <paramref name="text"/> with YamlDotNet's parser: any YAML, and every syntax error located.</summary>
    internal static (YamlNode? Root, DefinitionError? Error) ReadWithParser(string text, string file, LoadLimits limits)
    {
        var state = new State(file, limits);
        try
        {
            var parser = new Parser(new ReviewableScanner(new Scanner(new StringReader(text), skipComments: true), text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return (null, new DefinitionError(new SourceLocation(file, 1, 1), "", "the file is empty"));
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, state, depth: 0);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart next)
            {
                return (null, new DefinitionError(Loc(file, next.Start), "", "the file holds more than one YAML document; put one environment in one file"));
            }

            return (root, null);
        }
        catch (TreeException e)
        {
            return (null, e.Error with { Location = InsideText(text, e.Error.Location) });
        }
        catch (RefusedConstruct e)
        {
            return (null, new DefinitionError(InsideText(text, Loc(file, e.At)), "", e.Message));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some unclosed flow
            // collections; it carries no position, so point at the end of the last node read.
            return (null, new DefinitionError(InsideText(text, Loc(file, state.LastEnd)), "", "YAML syntax: cannot read past this point (an unclosed '[' or '{'?)"));
        }
        catch (YamlException e)
        {
            var message = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its messages with the position; we print our own.
            var cut = message.IndexOf("): ", StringComparison.Ordinal);
            if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0)
            {
                message = message[(cut + 3)..];
            }

            return (null, new DefinitionError(InsideText(text, Loc(file, e.Start)), "", "YAML syntax: " + message.TrimEnd('.')));
        }
#pragma warning disable CA1031 // YamlDotNet is a third-party parser: whatever else it throws on malformed input must still be a located error, never an exception.
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return (null, new DefinitionError(InsideText(text, Loc(file, state.LastEnd)), "", "YAML syntax: cannot read past this point"));
        }
    }

    private static YamlNode ReadNode(IParser parser, State state, int depth, bool isKey = false)
    {
        if (depth > state.Limits.MaxDepth)
        {
            throw state.Fail(parser.Current!.Start, $"nesting is deeper than {state.Limits.MaxDepth} levels");
        }

        if (++state.Nodes > state.Limits.MaxNodes)
        {
            throw state.Fail(parser.Current!.Start, $"the file has more than {state.Limits.MaxNodes} YAML nodes");
        }

        var current = parser.Current ?? throw state.Fail(Mark.Empty, "unexpected end of file");
        state.LastEnd = current.End;
        switch (current)
        {
            case AnchorAlias alias:
                throw state.Fail(alias.Start, $"alias *{alias.Value} is not allowed: write the value out");
            case Scalar scalar:
                RefuseAnchor(state, scalar.Anchor, scalar.Start);
                RefuseUnreviewable(state, scalar);
                if (scalar.Value.Length > state.Limits.MaxScalarLength)
                {
                    throw state.Fail(scalar.Start, $"a value of {scalar.Value.Length} characters is longer than the limit of {state.Limits.MaxScalarLength}");
                }

                parser.MoveNext();
                var value = isKey ? state.Keys.Of(scalar.Value) : scalar.Value;
                return new YamlScalar(state.File, Line(scalar.Start), Column(scalar.Start), value, scalar.Style == ScalarStyle.Plain);
            case SequenceStart start:
            {
                RefuseAnchor(state, start.Anchor, start.Start);
                parser.MoveNext();
                var items = ImmutableArray.CreateBuilder<YamlNode>();
                SequenceEnd? end;
                while (!parser.TryConsume<SequenceEnd>(out end))
                {
                    items.Add(ReadNode(parser, state, depth + 1));
                }

                RefuseMultiLineFlow(state, start.Style == SequenceStyle.Flow, start.Start, end);

                return new YamlSequence(state.File, Line(start.Start), Column(start.Start), items.ToImmutable());
            }

            case MappingStart start:
            {
                RefuseAnchor(state, start.Anchor, start.Start);
                parser.MoveNext();
                var entries = ImmutableArray.CreateBuilder<KeyValuePair<YamlScalar, YamlNode>>();
                var seen = new Dictionary<string, int>(StringComparer.Ordinal);
                MappingEnd? end;
                while (!parser.TryConsume<MappingEnd>(out end))
                {
                    var keyStart = parser.Current!.Start;
                    if (ReadNode(parser, state, depth + 1, isKey: true) is not YamlScalar key)
                    {
                        throw state.Fail(keyStart, "a mapping key must be a plain string");
                    }

                    if (key.Value == "<<")
                    {
                        throw state.Fail(keyStart, "merge keys (<<) are not allowed: write the values out");
                    }

                    if (seen.TryGetValue(key.Value, out var firstLine))
                    {
                        throw state.Fail(keyStart, $"duplicate key '{key.Value}' (first at line {firstLine})");
                    }

                    seen.Add(key.Value, key.Line);
                    entries.Add(new(key, ReadNode(parser, state, depth + 1)));
                }

                RefuseMultiLineFlow(state, start.Style == MappingStyle.Flow, start.Start, end);

                return new YamlMapping(state.File, Line(start.Start), Column(start.Start), entries.ToImmutable());
            }

            default:
                throw state.Fail(current.Start, $"unexpected YAML event {current.GetType().Name}");
        }
    }

    /// <summary>
    /// Scalars a reviewer and a reader may read differently (issue 11, class 10), measured against
    /// the editors' YAML reader: block scalars (<c>|</c>, <c>&gt;</c>), whose indentation and folding
    /// YamlDotNet and YAML 1.2 readers resolve differently; values continued on later lines, where
    /// a continuation holding <c>key: value</c> is text to one reader and an error or a key to
    /// another; and plain values starting with a reserved indicator (<c>%</c>, <c>@</c>, <c>`</c>).
    /// A definition's values are names, paths and numbers: one line each.
    /// </summary>
    private static void RefuseUnreviewable(State state, Scalar scalar)
    {
        if (scalar.Style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            throw state.Fail(scalar.Start, "block scalars ('|', '>') are not allowed: YAML readers differ on their indentation and folding; write the value on one line");
        }

        if (scalar.End.Line != scalar.Start.Line)
        {
            throw state.Fail(scalar.Start, "a value continued on the next line is not allowed: YAML readers differ on where it ends; write it on one line");
        }

        if (scalar.Style == ScalarStyle.Plain && scalar.Value.Contains(": ", StringComparison.Ordinal))
        {
            // YAML 1.2 ends a plain value at ': '; YamlDotNet reads on after ' *', ' &' or ' !' ('a *b: 1' is one value to it, a key to others).
            throw state.Fail(scalar.Start, "a ': ' inside a value: YAML readers differ on whether it starts a key; quote the value, and keep keys free of ' *', ' &' and ' !'");
        }

        if (scalar.Style == ScalarStyle.Plain && scalar.Value.Length > 0 && scalar.Value[0] is '%' or '@' or '`')
        {
            throw state.Fail(scalar.Start, $"'{scalar.Value[0]}' is reserved at the start of a value and YAML readers differ on it; quote the value");
        }
    }

    /// <summary>A flow collection (<c>[...]</c>, <c>{...}</c>) must close on the line it opens: over several lines readers disagree on its indentation.</summary>
    private static void RefuseMultiLineFlow(State state, bool flow, Mark start, ParsingEvent? end)
    {
        if (flow && end is not null && end.End.Line != start.Line)
        {
            throw state.Fail(start, "a '[' or '{' list must close on the line it opens: YAML readers differ on its indentation over several lines");
        }
    }

    private static void RefuseAnchor(State state, AnchorName anchor, Mark at)
    {
        if (!anchor.IsEmpty)
        {
            throw state.Fail(at, $"anchor &{anchor.Value} is not allowed: anchors and aliases hide what a line grants");
        }
    }

    /// <summary>
    /// YamlDotNet puts an error at the end of a file that has no final newline on the line after the
    /// last; point at the end of the last line instead, a place an editor can show.
    /// </summary>
    private static SourceLocation InsideText(string text, SourceLocation location)
    {
        var lines = text.AsSpan().Count('\n') + 1;
        if (location.Line <= lines)
        {
            return location;
        }

        var lastLine = text[(text.LastIndexOf('\n') + 1)..];
        return location with { Line = lines, Column = lastLine.Length + 1 };
    }

    private static SourceLocation Loc(string file, Mark mark) => new(file, Line(mark), Column(mark));

    private static int Line(Mark mark) => (int)Math.Max(1, mark.Line);

    private static int Column(Mark mark) => (int)Math.Max(1, mark.Column);

    private sealed class State(string file, LoadLimits limits)
    {
        public string File { get; } = file;

        public LoadLimits Limits { get; } = limits;

        public int Nodes { get; set; }

        /// <summary>Where the last node read ends: the best position for errors without one.</summary>
        public Mark LastEnd { get; set; } = Mark.Empty;

        public KeyNames Keys { get; } = new();

        public TreeException Fail(Mark at, string message) => new(new DefinitionError(Loc(File, at), "", message));
    }

#pragma warning disable CA1032, CA1064 // private control-flow exception, never escapes Read
    private sealed class TreeException(DefinitionError error) : Exception(error.Message)
    {
        public DefinitionError Error { get; } = error;
    }
#pragma warning restore CA1032, CA1064
}
