using System.Globalization;
using System.Text;

namespace Infra.Access.Catalog;

/// <summary>The catalog as the Markdown table the docs embed (kept fresh by a test).</summary>
public static class CapabilityTable
{
    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append("| capability | parameters | writes | Kubernetes rules (namespaced Role) | Vault capabilities | Azure role (on the registry, ABAC condition on repositories) |\n");
        text.Append("|---|---|---|---|---|---|\n");
        foreach (var c in CapabilityCatalog.All)
        {
            var parameters = new List<string>();
            if (c.NeedsNamespace)
            {
                parameters.Add("`namespace`");
            }

            if (c.Objects is { } objects)
            {
                parameters.Add($"`{objects.Key}`");
            }

            var rules = string.Join("<br>", c.KubernetesRules.Select(r =>
                $"`{(r.ApiGroup.Length == 0 ? "\"\"" : r.ApiGroup)}` {string.Join(", ", r.Resources)}: {string.Join(", ", r.Verbs)}{(r.Named ? $" (resourceNames = `{c.Objects!.Key}`)" : "")}"));
            var vault = c.VaultCapabilities.IsEmpty ? "" : $"{string.Join(", ", c.VaultCapabilities)} on each of `{c.Objects!.Key}`";
            var azure = c.AzureRole is { } role ? $"`{role.RoleName}`: {string.Join(", ", role.DataActions.Select(a => a[(a.LastIndexOf("repositories/", StringComparison.Ordinal) + 13)..]))}" : "";
            if (c.System == CapabilitySystem.Kubernetes || c.System == CapabilitySystem.Vault)
            {
                vault = vault.Length == 0 ? "update on the stage's Kubernetes secrets-engine role" : vault;
            }

            text.Append(CultureInfo.InvariantCulture, $"| `{c.Name}` | {(parameters.Count == 0 ? "-" : string.Join(", ", parameters))} | {(c.Writes ? "yes" : "no")} | {(rules.Length == 0 ? "-" : rules)} | {(vault.Length == 0 ? "-" : vault)} | {(azure.Length == 0 ? "-" : azure)} |\n");
        }

        return text.ToString();
    }
}
