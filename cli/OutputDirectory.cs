using Infra.Access.Rendering;

namespace Infra.Access.Cli;

/// <summary>
/// Writes rendered files under a directory all or nothing: everything goes to a temporary sibling
/// first and is moved into place only when every file was written.
/// </summary>
internal static class OutputDirectory
{
    public static void Write(string directory, IReadOnlyList<RenderedFile> files)
    {
        var target = Path.GetFullPath(directory);
        var staging = target.TrimEnd(Path.DirectorySeparatorChar) + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var file in files)
            {
                var path = Path.GetFullPath(Path.Combine(staging, file.Path));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"rendered path '{file.Path}' leaves the output directory");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, file.Content);
            }

            foreach (var file in files)
            {
                var from = Path.Combine(staging, file.Path);
                var to = Path.Combine(target, file.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Move(from, to, overwrite: true);
            }
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
