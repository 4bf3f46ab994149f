using System.Text;
using Infra.Access.Definition;
using Infra.Access.Loading;

namespace Infra.Access.Cli;

/// <summary>
/// Reads definition files for the commands: refuses oversized files before reading them and
/// invalid UTF-8 with the byte offset, then hands the text to the core loader.
/// </summary>
internal static class DefinitionFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static LoadResult Load(string path, LoadLimits? limits = null)
    {
        // Read in a method of its own: once it returns, the bytes, the text and the YAML tree are out of reach.
        var result = Read(path, limits ?? LoadLimits.Default);
        if (Memory.IsLarge(result.Definition))
        {
            Memory.Collect();
        }

        return result;
    }

    private static LoadResult Read(string path, LoadLimits limits)
    {
        var display = path.Replace('\\', '/');
        try
        {
            var info = new FileInfo(path);
            if (Directory.Exists(path))
            {
                return Failed(display, "is a directory, not a definition file");
            }

            if (!info.Exists)
            {
                return Failed(display, "file not found");
            }

            // A UTF-8 character is at most 4 bytes: a file larger than this holds too many characters.
            if (info.Length > (long)limits.MaxCharacters * 4 || info.Length > int.MaxValue)
            {
                return Failed(display, $"the file has {info.Length} bytes; the limit is {limits.MaxCharacters} characters");
            }

            return Decode(File.ReadAllBytes(path), display, limits);
        }
        catch (IOException e)
        {
            return Failed(display, "cannot read the file: " + e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            return Failed(display, "cannot read the file: " + e.Message);
        }
    }

    public static LoadResult FromBytes(byte[] bytes, string display, LoadLimits limits)
    {
        var result = Decode(bytes, display, limits);
        if (Memory.IsLarge(result.Definition))
        {
            Memory.Collect();
        }

        return result;
    }

    private static LoadResult Decode(byte[] bytes, string display, LoadLimits limits)
    {
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var (line, column) = Position(bytes, e.Index);
            return new LoadResult(null, [new DefinitionError(new SourceLocation(display, line, column), "", $"the file is not valid UTF-8 (byte offset {e.Index})")]);
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        return DefinitionLoader.Load(text, display, limits);
    }

    /// <summary>Loads every file; returns the definitions, or null after printing every error.</summary>
    public static IReadOnlyList<EnvironmentDefinition>? LoadAll(IEnumerable<string> paths, CliContext context)
    {
        var definitions = new List<EnvironmentDefinition>();
        var failed = false;
        foreach (var path in paths)
        {
            var result = Load(path);
            if (result.Definition is { } definition)
            {
                definitions.Add(definition);
            }
            else
            {
                context.ReportErrors(result.Errors, result.OmittedErrors);
                failed = true;
            }
        }

        return failed ? null : definitions;
    }

    private static LoadResult Failed(string display, string message) =>
        new(null, [new DefinitionError(new SourceLocation(display, 1, 1), "", message)]);

    private static (int Line, int Column) Position(byte[] bytes, int index)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < Math.Min(index, bytes.Length); i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, Math.Max(1, index - lineStart + 1));
    }
}
