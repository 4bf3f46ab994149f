using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Infra.Access.Definition;
using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Rules;
using Pulumi;

namespace Infra.Components.Validation;

/// <summary>
/// The fail-closed gate in front of every component: load, plan, run the guardrails, and throw a
/// <see cref="RunException"/> (message only, no stack trace) on any error, before a resource exists.
/// </summary>
public static class EnvironmentGate
{
    /// <summary>Loads a definition's text and checks it alone (a program with one environment; the stack program uses the overload with the other environments).</summary>
    /// <param name="text">The YAML text of <c>stacks/&lt;env&gt;.yaml</c>.</param>
    /// <param name="file">The file name locations are reported against.</param>
    /// <param name="today">The date review-by dates and exception expiries are checked against.</param>
    /// <exception cref="RunException">The definition is invalid or a guardrail reports an error.</exception>
    public static CheckedEnvironment Load(string text, string file, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var result = DefinitionLoader.Load(text, file);
        if (result.Definition is null)
        {
            throw new RunException(InvalidDefinitionMessage(file, result.Errors));
        }

        return Check(result.Definition, today);
    }

    /// <summary>
    /// Loads a definition's text and checks it among the repository's other environment
    /// definitions: they are planned too, and the isolation rules compare this environment with
    /// each of them, so deploying one stack still refuses what it shares with another. The stack
    /// program calls this with every other definition of <c>stacks/</c>.
    /// </summary>
    /// <param name="text">The YAML text of <c>stacks/&lt;env&gt;.yaml</c>.</param>
    /// <param name="file">The file name locations are reported against.</param>
    /// <param name="today">The date review-by dates and exception expiries are checked against.</param>
    /// <param name="otherEnvironments">The other environment definitions of the repository; each must load.</param>
    /// <param name="standsIn">
    /// True when <paramref name="file"/> lies outside the environments' folder: it then replaces the
    /// folder's definition of the same environment instead of being compared with it
    /// (<see cref="RepositoryEnvironments.ComparedWith"/>, as <c>access check</c> decides).
    /// </param>
    /// <exception cref="RunException">A definition is invalid or a guardrail reports an error.</exception>
    public static CheckedEnvironment Load(string text, string file, DateOnly today, IReadOnlyList<DefinitionText> otherEnvironments, bool standsIn = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(otherEnvironments);
        var result = DefinitionLoader.Load(text, file);
        if (result.Definition is null)
        {
            throw new RunException(InvalidDefinitionMessage(file, result.Errors));
        }

        var others = new List<EnvironmentDefinition>();
        foreach (var other in otherEnvironments)
        {
            // Fail closed: an environment that cannot be read cannot be shown to be apart from this one.
            var loaded = DefinitionLoader.Load(other.Text, other.File);
            if (loaded.Definition is null)
            {
                throw new RunException(InvalidDefinitionMessage(other.File, loaded.Errors)
                    + $"\n  (another environment definition of the repository; {file} is checked for isolation against every one of them)");
            }

            others.Add(loaded.Definition);
        }

        IReadOnlyList<EnvironmentDefinition> compared = others;
        if (standsIn)
        {
            compared = RepositoryEnvironments.ComparedWith(others, [result.Definition]);
        }

        return Check(result.Definition, today, compared);
    }

    /// <summary>Plans a validated definition and runs the guardrails over it.</summary>
    /// <exception cref="RunException">A guardrail reports an error.</exception>
    public static CheckedEnvironment Check(EnvironmentDefinition definition, DateOnly today) => Check(definition, today, []);

    /// <summary>
    /// Plans a validated definition and runs the guardrails over it, with the other environments'
    /// definitions (planned here) as the far side of the isolation rules.
    /// </summary>
    /// <exception cref="RunException">A guardrail reports an error.</exception>
    public static CheckedEnvironment Check(EnvironmentDefinition definition, DateOnly today, IReadOnlyList<EnvironmentDefinition> otherEnvironments)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(otherEnvironments);
        // Planned on the gate's date: a pipeline past its review is suspended (planned as paused), not a blocker.
        var plan = Planner.Build(definition, today);
        var findings = GuardrailGate.Run(definition, plan, today, otherEnvironments);
        var errors = findings.Where(f => f.Severity == Severity.Error).ToImmutableArray();
        if (!errors.IsEmpty)
        {
            throw new RunException(FindingsMessage(definition.File, errors));
        }

        return new CheckedEnvironment(definition, plan, [.. findings.Where(f => f.Severity != Severity.Error)]);
    }

    /// <summary>The message of a definition that did not load: one <c>file:line:col: error: field: message</c> line each.</summary>
    public static string InvalidDefinitionMessage(string file, IEnumerable<DefinitionError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{file} is not a valid access definition; nothing was registered:");
        foreach (var error in errors)
        {
            text.Append("\n  ").Append(error);
        }

        return text.ToString();
    }

    /// <summary>
    /// The message of a run the guardrails stopped: the rule IDs first (what a reviewer greps for),
    /// then one line per finding with its location, subject, message and remediation.
    /// </summary>
    public static string FindingsMessage(string file, IReadOnlyCollection<Finding> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var ordered = errors
            .OrderBy(f => f.Location)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)
            .ToList();
        var rules = string.Join(", ", ordered.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{file}: {ordered.Count} guardrail error{(ordered.Count == 1 ? "" : "s")} ({rules}); nothing was registered:");
        foreach (var finding in ordered)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n  {finding.Location}: error {finding.RuleId} {finding.RuleName}: {finding.Subject}: {finding.Message} Fix: {finding.Remediation}");
        }

        return text.ToString();
    }
}
