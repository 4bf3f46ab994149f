using System.Collections.Immutable;

namespace Infra.Access.Rules;

/// <summary>
/// A guardrail: a stable opaque <see cref="Id"/> (never reused, never renumbered), a readable
/// kebab-case <see cref="Name"/>, a default severity and the texts its docs page is generated from.
/// Subclasses are discovered by reflection (<see cref="RuleCatalog"/>); adding one is adding a class,
/// its fixtures under tests/ and running scripts/update-golden.sh for its docs page.
/// </summary>
public abstract class GuardrailRule
{
    public abstract string Id { get; }

    public abstract string Name { get; }

    public abstract Severity Severity { get; }

    public abstract RuleCategory Category { get; }

    /// <summary>False for wildcard and escalation rules: no exception can ever switch them off.</summary>
    public virtual bool Waivable => true;

    /// <summary>
    /// What the <see cref="Finding.Object"/> of this rule's findings names (e.g. <c>namespace/Role</c>),
    /// for the docs and for exceptions: an exception for this rule must name the object exactly.
    /// Null when a finding is fully named by its rule and subject (one finding per subject at most);
    /// an exception then names no object.
    /// </summary>
    public virtual string? WaiverObject => null;

    /// <summary>
    /// False for rules whose findings' object starts with a Kubernetes namespace and which no
    /// exception may switch off in a system namespace (default, kube-*): there a finding is about
    /// the cluster's control plane, not one pipeline's own space.
    /// </summary>
    public virtual bool WaivableInSystemNamespaces => true;

    /// <summary>
    /// False for rules no exception may switch off in a production environment (it still may
    /// elsewhere): LCY004 refuses such an exception there and it waives nothing.
    /// </summary>
    public virtual bool WaivableInProduction => true;

    /// <summary>One line: what must hold.</summary>
    public abstract string Summary { get; }

    /// <summary>Why it matters, for the docs page and SARIF full description.</summary>
    public abstract string Description { get; }

    /// <summary>How to fix a finding; every finding of the rule carries it as its remediation.</summary>
    public abstract string Recommendation { get; }

    /// <summary>A definition excerpt that passes the rule (YAML), for the docs page.</summary>
    public abstract string Example { get; }

    /// <summary>Anchors in other tools and vendor documentation.</summary>
    public abstract ImmutableArray<RuleLink> Links { get; }

    /// <summary>The rule's docs page, relative to the repository root.</summary>
    public string HelpUri => $"docs/rules/{Id}.md";

    public abstract IEnumerable<Finding> Check(RuleContext context);

    /// <summary>
    /// A finding of this rule, with its remediation; <paramref name="severity"/> overrides the default;
    /// <paramref name="about"/> is the finding's object, in the form <see cref="WaiverObject"/> names.
    /// </summary>
    protected Finding Found(RuleContext context, string subject, string message, SourceLocation location, Severity? severity = null, string? about = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new Finding(Id, Name, severity ?? Severity, context.Plan.Environment, subject, message, Recommendation, location, about);
    }
}
