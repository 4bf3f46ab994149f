using Infra.Access.Planning;
using Infra.Components.Azure;

namespace Infra;

/// <summary>The program's only use of the Azure components (kept in one file so the Azure layer stays separable).</summary>
internal static class AzureLayer
{
    public static void Register(Plan plan)
    {
        if (AzureAccess.HasDeclarations(plan))
        {
            _ = new AzureAccess($"{plan.Environment}-azure", new AzureAccessArgs { Plan = plan });
        }
    }
}
