namespace Infra.Access.Rules;

/// <summary>
/// What a guardrail found: which rule, how bad, about whom (an identity such as
/// <c>payments-api/deploy</c> or a resource), why, how to fix it, and where in the definition.
/// <see cref="Object"/> names what the finding is about, in the form its rule's
/// <see cref="GuardrailRule.WaiverObject"/> documents (a namespace, <c>namespace/name</c>, a Vault
/// path, an Azure scope...); an exception must name it exactly, so it waives this finding and no
/// later one of the same rule and subject. Null for rules whose findings need no object.
/// </summary>
public sealed record Finding(
    string RuleId,
    string RuleName,
    Severity Severity,
    string Environment,
    string Subject,
    string Message,
    string Remediation,
    SourceLocation Location,
    string? Object = null);
