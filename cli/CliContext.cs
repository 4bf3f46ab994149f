namespace Infra.Access.Cli;

/// <summary>
/// What a command may touch: its two output streams, the date and the environment variables
/// (<paramref name="Variables"/>; none when null). Tests pass their own.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, DateOnly Today, Func<string, string?>? Variables = null)
{
    /// <summary>An environment variable's value, or null when unset or empty.</summary>
    public string? Variable(string name) => Variables?.Invoke(name) is { Length: > 0 } value ? value : null;

    /// <summary>Loader errors printed per file; the rest are counted in one closing line.</summary>
    public const int MaxErrorsShown = 50;

    /// <summary>
    /// Writes <c>file:line:col: error: message</c> lines, one per error, at most
    /// <see cref="MaxErrorsShown"/> (issue 11, class 9: a hostile file of a million mistakes prints a
    /// screenful, not megabytes), then how many more there are: shown, kept but not shown, and
    /// <paramref name="omitted"/> ones the loader only counted.
    /// </summary>
    public void ReportErrors(IEnumerable<Loading.DefinitionError> errors, int omitted = 0)
    {
        var shown = 0;
        var more = omitted;
        string? file = null;
        foreach (var error in errors)
        {
            file ??= error.Location.File;
            if (shown == MaxErrorsShown)
            {
                more++;
                continue;
            }

            Error.Write(error.ToString());
            Error.Write('\n');
            shown++;
        }

        if (more > 0)
        {
            Error.Write($"{file}: and {more.ToString(System.Globalization.CultureInfo.InvariantCulture)} more error(s) not shown; fix these and run again\n");
        }
    }

    /// <summary>
    /// Writes <paramref name="value"/> as the project's JSON followed by '\n'. On a real stream it is
    /// serialized straight into it: a plan of thousands of pipelines never exists as one string.
    /// </summary>
    public void WriteJson<T>(T value)
    {
        if (Out is StreamWriter { BaseStream: var stream } writer)
        {
            writer.Flush();
            System.Text.Json.JsonSerializer.Serialize(stream, value, Rendering.Json.Options);
            stream.Flush();
            writer.Write('\n');
            return;
        }

        Out.Write(Rendering.Json.Serialize(value));
    }

    public void Fail(string message)
    {
        Error.Write("access: error: ");
        Error.Write(message);
        Error.Write('\n');
    }
}
