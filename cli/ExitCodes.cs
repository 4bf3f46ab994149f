namespace Infra.Access.Cli;

/// <summary>The documented exit codes of every command.</summary>
internal static class ExitCodes
{
    /// <summary>Everything passed; for diff: no access changed.</summary>
    public const int Ok = 0;

    /// <summary>Guardrail errors were found; for diff: access changed.</summary>
    public const int Findings = 1;

    /// <summary>The input could not be read or used, or the command line is wrong.</summary>
    public const int InvalidInput = 2;

    /// <summary>For diff: access changed (same value as <see cref="Findings"/>, named for readers of the diff command).</summary>
    public const int AccessChanged = 1;

    /// <summary>For diff: a production environment gains a grant, or a production identity's trust widens.</summary>
    public const int ProductionAccessGrows = 3;

    /// <summary>
    /// A bug in access itself (an exception no command expected): never a verdict. 70 is sysexits'
    /// EX_SOFTWARE, apart from every code a pipeline reads as a result.
    /// </summary>
    public const int InternalError = 70;
}
