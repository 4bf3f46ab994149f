namespace Infra.Access.Rules;

/// <summary>
/// What a guardrail found: which rule, how bad, about whom (an identity such as
/// <c>payments-api/deploy</c> or a resource), why, how to fix it, and where in the definition.
/// </summary>
public sealed record Finding(
    string RuleId,
    string RuleName,
    Severity Severity,
    string Environment,
    string Subject,
    string Message,
    string Remediation,
    SourceLocation Location);
