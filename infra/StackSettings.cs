using System.Globalization;
using Infra.Access.Definition;
using Pulumi;

namespace Infra;

/// <summary>
/// The stack's configuration: <c>infra:definition</c> (the definition file, relative to the
/// project root), optional <c>infra:asOf</c>, and the provider settings checked against the definition.
/// </summary>
internal sealed record StackSettings(string DefinitionFile, string DefinitionPath, DateOnly AsOf, string? VaultAddress, string? AzureSubscriptionId)
{
    public static StackSettings Read()
    {
        var config = new Config("infra");
        var definition = config.Require("definition");
        var asOfText = config.Get("asOf");
        DateOnly asOf;
        if (asOfText is null)
        {
            asOf = DateOnly.FromDateTime(DateTime.UtcNow);
        }
        else if (!DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
        {
            throw new RunException($"infra:asOf: '{asOfText}' is not a date (yyyy-MM-dd)");
        }

        var path = Path.IsPathRooted(definition) ? definition : Path.Combine(Deployment.Instance.RootDirectory, definition);
        return new StackSettings(definition, path, asOf, new Config("vault").Get("address"), new Config("azure-native").Get("subscriptionId"));
    }

    public string ReadDefinition()
    {
        try
        {
            return File.ReadAllText(DefinitionPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException($"infra:definition: cannot read '{DefinitionFile}' ({DefinitionPath}): {e.Message}");
        }
    }

    /// <summary>
    /// A stack whose providers point at another environment than its definition would apply, say,
    /// staging's grants to the production Vault: refuse before anything is registered.
    /// </summary>
    public void CheckProviders(EnvironmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var env = definition.Environment;
        if (VaultAddress is not null && !SameAddress(VaultAddress, env.Vault.Address))
        {
            throw new RunException($"vault:address is '{VaultAddress}' but {DefinitionFile} declares environment '{env.Name}' with vault.address '{env.Vault.Address}'");
        }

        if (AzureSubscriptionId is not null && env.Azure is { } azure && !string.Equals(AzureSubscriptionId, azure.SubscriptionId, StringComparison.OrdinalIgnoreCase))
        {
            throw new RunException($"azure-native:subscriptionId is '{AzureSubscriptionId}' but {DefinitionFile} declares environment '{env.Name}' in subscription '{azure.SubscriptionId}'");
        }
    }

    private static bool SameAddress(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
