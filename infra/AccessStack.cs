using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Infra.Components;
using Infra.Components.Guards;
using Infra.Components.Validation;
using Pulumi;

namespace Infra;

/// <summary>
/// The stack: reads <c>infra:definition</c>, loads, plans and checks it (failing the run before
/// any resource is registered), then registers the environment's components.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "A Pulumi Stack subclass: the suffix says what it is.")]
public sealed class AccessStack : Stack
{
    /// <summary>Runs the program for the selected stack.</summary>
    /// <exception cref="RunException">The configuration or the definition is invalid, or a guardrail reports an error.</exception>
    public AccessStack()
        : base(Options())
    {
        var settings = StackSettings.Read();
        var text = settings.ReadDefinition();
        // Every run, whichever stack: the other environments of the repository are planned and the
        // isolation rules compare this one with each (a namespace, mount or scope shared with prod
        // is refused when staging is deployed, not only when both files are checked together).
        var environment = EnvironmentGate.Load(text, settings.DefinitionFile, settings.AsOf, settings.ReadOtherEnvironments(), settings.DefinitionStandsIn);
        settings.CheckProviders(environment.Definition);
        foreach (var warning in environment.Warnings)
        {
            Log.Warn($"{warning.Location}: warning {warning.RuleId} {warning.RuleName}: {warning.Subject}: {warning.Message}");
        }

        Register(environment);
        Identities = Output.Create(StackOutputs.Identities(environment.Plan));
        AccessMatrix = Output.Create(StackOutputs.AccessMatrix(environment.Plan));
    }

    /// <summary>Every stage identity: its state, CI subject and the names it has in each system.</summary>
    [Output("identities")]
    public Output<ImmutableSortedDictionary<string, ImmutableSortedDictionary<string, string>>> Identities { get; }

    /// <summary>What each identity can do, one sorted <c>system scope resource action</c> line per permission.</summary>
    [Output("accessMatrix")]
    public Output<ImmutableSortedDictionary<string, ImmutableArray<string>>> AccessMatrix { get; }

    /// <summary>The stack options: the wildcard guard runs on every resource of the stack, the components' and any other.</summary>
    public static StackOptions Options() => new() { ResourceTransformations = { WildcardGrantGuard.Transformation } };

    /// <summary>Registers a checked environment's components: Kubernetes and Vault, then Azure.</summary>
    public static void Register(CheckedEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _ = new EnvironmentAccess(environment.Plan.Environment, new EnvironmentAccessArgs { Environment = environment });
        AzureLayer.Register(environment.Plan);
    }
}
