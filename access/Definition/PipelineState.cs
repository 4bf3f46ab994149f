namespace Infra.Access.Definition;

/// <summary>Lifecycle of a pipeline. Only <see cref="Active"/> pipelines hold grants.</summary>
public enum PipelineState
{
    Active,
    Paused,
    Decommissioned,
}
