namespace Infra.Access.Rules.Azure;

/// <summary>
/// Audit retention floors per tier: a year in production (long enough to cover an annual audit
/// and most incident look-backs), 30 days elsewhere (a sprint and its investigations).
/// </summary>
public static class AuditFloor
{
    public const int ProductionDays = 365;
    public const int NonProductionDays = 30;

    public static int Days(bool production) => production ? ProductionDays : NonProductionDays;
}
