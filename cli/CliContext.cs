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

    public void Fail(string message)
    {
        Error.Write("access: error: ");
        Error.Write(message);
        Error.Write('\n');
    }
}
