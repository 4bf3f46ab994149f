using System.IO.Compression;
using System.Text;
using Infra.Access.Usage;

namespace Infra.Access.Cli;

/// <summary>
/// Opens audit logs for <c>access usage</c>: plain or gzip (told by its magic bytes, not its name),
/// streamed through the core's bounded line reader, so neither a large log nor a gzip bomb is ever
/// held in memory. Bytes that are not UTF-8 decode to U+FFFD, which the core reports per line.
/// </summary>
internal static class AuditLogFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// Feeds every line of <paramref name="path"/> to <paramref name="tally"/>; false (after printing
    /// why) when the file cannot be read to its end or yields nothing to judge by (empty, no audit
    /// record, too many malformed lines: <see cref="FileReading.Problem"/>).
    /// </summary>
    public static bool Read(string path, UsageTally tally, UsageLimits limits, CliContext context, ref int shown)
    {
        var display = path.Replace('\\', '/');
        long line = 0;
        try
        {
            if (Directory.Exists(path))
            {
                context.Error.Write($"{display}: error: is a directory, not an audit log\n");
                return false;
            }

            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var stream = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var text = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            var reader = new AuditLineReader(text, limits.MaxLineLength);
            while (reader.TryRead(out var next))
            {
                line = next.Number;
                if (tally.AddLine(next, display) is { } error && shown++ < CliContext.MaxErrorsShown)
                {
                    context.Error.Write($"{display}:{next.Number}: error: {error}; line skipped\n");
                }

                if (tally.TooManyMalformed)
                {
                    context.Error.Write($"{display}: error: more than {limits.MaxMalformed} malformed lines: is this a Kubernetes, AKS or Vault audit log?\n");
                    return false;
                }
            }

            if (tally.EndFile() is { } problem)
            {
                // A log that yields nothing to judge by must not read as a clean one.
                context.Error.Write($"{display}: error: {problem}\n");
                return false;
            }

            return true;
        }
        catch (FileNotFoundException)
        {
            context.Error.Write($"{display}: error: file not found\n");
        }
        catch (DirectoryNotFoundException)
        {
            context.Error.Write($"{display}: error: file not found\n");
        }
        catch (InvalidDataException e)
        {
            context.Error.Write($"{display}:{line + 1}: error: the gzip stream is damaged ({e.Message})\n");
        }
        catch (IOException e)
        {
            context.Error.Write($"{display}:{line + 1}: error: cannot read the file: {e.Message}\n");
        }
        catch (UnauthorizedAccessException e)
        {
            context.Error.Write($"{display}: error: cannot read the file: {e.Message}\n");
        }

        return false;
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
