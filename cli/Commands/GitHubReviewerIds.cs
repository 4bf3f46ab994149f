using System.Text.Json;
using Infra.Access.Planning;
using Infra.Access.Rendering;

namespace Infra.Access.Cli.Commands;

/// <summary>
/// <c>render --format github</c>: reads the reviewer ids file (the I/O stays here) and renders. GitHub
/// takes reviewers by numeric id; the tool never guesses one. Without the file the bodies name the
/// logins and teams and a notice says they are not ready to send; with it, every reviewer must have an id.
/// </summary>
internal static class GitHubReviewerIds
{
    public static bool TryRender(CliContext context, Plan plan, string? idsFile, out IReadOnlyList<RenderedFile> files)
    {
        files = [];
        Dictionary<string, long>? ids = null;
        if (idsFile is not null)
        {
            try
            {
                ids = JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(idsFile));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
            {
                context.Fail($"{idsFile}: not a JSON object of reviewer to numeric id: {e.Message}");
                return false;
            }

            if (ids is null || ids.Values.Any(id => id <= 0))
            {
                context.Fail($"{idsFile}: every id must be a positive number");
                return false;
            }
        }

        var render = GitHubRenderer.Render(plan, ids);
        if (!render.Unresolved.IsEmpty)
        {
            var names = string.Join(", ", render.Unresolved);
            if (ids is not null)
            {
                context.Fail($"{idsFile}: no id for {names}");
                return false;
            }

            context.Error.Write($"access: notice: reviewers named by login or team, not by GitHub's numeric id ({names}): resolve them and render again with --reviewer-ids (docs/github-governance.md) before sending the bodies\n");
        }

        files = render.Files;
        return true;
    }
}
