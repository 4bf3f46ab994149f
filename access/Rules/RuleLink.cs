namespace Infra.Access.Rules;

/// <summary>A reference a rule's docs page cites: an anchor rule of another tool, or vendor documentation.</summary>
public sealed record RuleLink(string Title, string Url);
