namespace Infra.Access.Cli;

/// <summary>What a command may touch: its two output streams and the date. Tests pass their own.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, DateOnly Today)
{
    /// <summary>Writes <c>file:line:col: error: message</c> lines, one per error.</summary>
    public void ReportErrors(IEnumerable<Loading.DefinitionError> errors)
    {
        foreach (var error in errors)
        {
            Error.Write(error.ToString());
            Error.Write('\n');
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
