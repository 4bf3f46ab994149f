using System.Collections.Immutable;
using Infra.Components.Kubernetes;
using Infra.Components.Validation;
using Pulumi;

namespace Infra.Components;

/// <summary>Which pipeline's admission policies a <see cref="PipelineAdmission"/> registers.</summary>
public sealed class PipelineAdmissionArgs
{
    /// <summary>The checked environment (from <see cref="EnvironmentGate"/>) the pipeline belongs to.</summary>
    public required CheckedEnvironment Environment { get; init; }

    /// <summary>The pipeline's name, e.g. <c>payments-api</c>.</summary>
    public required string Pipeline { get; init; }
}

/// <summary>
/// The ValidatingAdmissionPolicies and bindings of a pipeline a team registers from its own program
/// (<c>environment.teamDeployers</c>). They are cluster-scoped and judge the team's CI identities, so
/// the platform's program registers them and the team's deployer can only read them: a team that
/// could change the policy over its own pipelines could lift every limit its grants rely on.
/// </summary>
public sealed class PipelineAdmission : ComponentResource
{
    /// <summary>The component's type token.</summary>
    public const string TypeToken = "infra:access:PipelineAdmission";

    /// <summary>Registers every admission policy and binding planned for the pipeline's stages.</summary>
    /// <param name="name">The component's name; the pipeline's name by convention.</param>
    /// <param name="args">The checked environment and the pipeline.</param>
    /// <param name="options">Component options (providers, protect...), passed down to every child.</param>
    public PipelineAdmission(string name, PipelineAdmissionArgs args, ComponentResourceOptions? options = null)
        : base(TypeToken, name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var policies = args.Environment.Plan.Admission.Policies.Where(p => p.Owner.Pipeline == args.Pipeline).ToList();
        foreach (var policy in policies)
        {
            _ = AdmissionObjects.Register(policy, this).ToList();
        }

        Policies = Output.Create(policies.Select(p => p.Name).ToImmutableArray());
        RegisterOutputs();
    }

    /// <summary>The ValidatingAdmissionPolicies registered (cluster-scoped names).</summary>
    [Output("policies")]
    public Output<ImmutableArray<string>> Policies { get; }
}
