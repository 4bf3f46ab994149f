using System.Collections.Immutable;
using Infra.Access.Definition;

namespace Infra.Access.Rules;

/// <summary>
/// The outcome of a check: the findings that count (sorted by location, rule, subject, message),
/// the findings an exception waived, and the exceptions that have expired (they waive nothing).
/// </summary>
public sealed record GuardrailReport(
    ImmutableArray<Finding> Findings,
    ImmutableArray<WaivedFinding> Waived,
    ImmutableArray<Waiver> ExpiredWaivers)
{
    public int Errors => Findings.Count(f => f.Severity == Severity.Error);

    public int Warnings => Findings.Count(f => f.Severity == Severity.Warning);

    /// <summary>True when an unwaived error stops the change; warnings never do.</summary>
    public bool HasErrors => Errors > 0;
}

/// <summary>A finding an approved, unexpired exception switched off, and that exception.</summary>
public sealed record WaivedFinding(Finding Finding, Waiver Waiver);
