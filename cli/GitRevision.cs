using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Infra.Access.Cli;

/// <summary>What git holds for a path at a revision: the bytes, nothing (the file does not exist there), or an error.</summary>
internal sealed record GitBlob(byte[]? Content, string? Error)
{
    public bool Missing => Content is null && Error is null;
}

/// <summary>
/// Reads a file as it was at a git revision (<c>git cat-file blob REV:./PATH</c>), for comparing a
/// pull request's head with its base without checking the base out.
/// </summary>
internal static class GitRevision
{
    /// <summary>The file at <paramref name="path"/> (as it lies in the working tree) at <paramref name="revision"/>.</summary>
    public static GitBlob Read(string revision, string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            return new GitBlob(null, $"cannot read {path} at {revision}: directory {directory} does not exist");
        }

        // "./" makes git resolve the path from the working directory, wherever it lies in the repository.
        return ReadObject(directory, revision, "./" + Path.GetFileName(full), $"{revision}:{path.Replace('\\', '/')}");
    }

    /// <summary>An explicit <c>REV:PATH</c>, the path relative to the repository root, as git spells it.</summary>
    public static GitBlob ReadSpec(string spec)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        return ReadObject(Directory.GetCurrentDirectory(), spec[..colon], spec[(colon + 1)..], spec);
    }

    private static GitBlob ReadObject(string directory, string revision, string path, string display)
    {
        var inside = Run(directory, "rev-parse", "--is-inside-work-tree");
        if (inside.Error is not null)
        {
            return new GitBlob(null, inside.Error);
        }

        if (inside.ExitCode != 0)
        {
            return new GitBlob(null, $"cannot read {display}: {directory} is not inside a git repository");
        }

        if (revision.Length == 0 || revision.StartsWith('-') || Run(directory, "rev-parse", "--verify", "--quiet", revision + "^{commit}").ExitCode != 0)
        {
            return new GitBlob(null, $"cannot read {display}: '{revision}' is not a git revision here (for a pull request's base, fetch it first, e.g. actions/checkout with fetch-depth: 0)");
        }

        var spec = revision + ":" + path;
        if (Run(directory, "cat-file", "-e", spec).ExitCode != 0)
        {
            return new GitBlob(null, null);
        }

        var blob = Run(directory, "cat-file", "blob", spec);
        return blob.ExitCode == 0 && blob.Error is null
            ? new GitBlob(blob.Output, null)
            : new GitBlob(null, $"cannot read {display}: {blob.Error ?? blob.ErrorText.Trim()}");
    }

    private sealed record Result(int ExitCode, byte[] Output, string ErrorText, string? Error);

    private static Result Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            using var output = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(output);
            process.WaitForExit();
            return new Result(process.ExitCode, output.ToArray(), error.GetAwaiter().GetResult(), null);
        }
        catch (Win32Exception e)
        {
            return new Result(-1, [], "", $"cannot run git: {e.Message}");
        }
    }
}
