namespace Infra.Access.Definition;

/// <summary>
/// Lifecycle of a pipeline. Only <see cref="Active"/> pipelines hold grants. A definition declares
/// active, paused or decommissioned; <see cref="Suspended"/> is never written, the planner derives it.
/// </summary>
public enum PipelineState
{
    Active,
    Paused,
    Decommissioned,

    /// <summary>
    /// Declared active, but its reviewBy date has passed: planned as paused (no binding, no auth
    /// role, no federated credential, no role assignment; the default-deny policies stay) until a
    /// review moves the date forward. Derived by the planner from the date it is given.
    /// </summary>
    Suspended,
}
