namespace Infra.Access.Rules;

public enum Severity
{
    Warning,
    Error,
}
