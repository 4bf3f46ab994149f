using System.Globalization;
using Infra.Access.Definition;
using Infra.Components.Validation;
using Pulumi;

namespace Infra;

/// <summary>
/// The stack's configuration: <c>infra:definition</c> (the definition file, relative to the
/// project root), optional <c>infra:asOf</c>, optional <c>infra:environments</c> (the folder of every
/// environment definition, default <c>stacks</c>), and the provider settings checked against the definition.
/// </summary>
internal sealed record StackSettings(string DefinitionFile, string DefinitionPath, DateOnly AsOf, string? VaultAddress, string? AzureSubscriptionId)
{
    /// <summary>Where the repository's environment definitions live, relative to the project root, unless <c>infra:environments</c> says otherwise.</summary>
    public const string DefaultEnvironments = "stacks";

    /// <summary><c>infra:environments</c>: the folder of every environment definition of the repository.</summary>
    public string EnvironmentsFolder { get; init; } = DefaultEnvironments;

    /// <summary>The folder as read from disk: rooted at the project root when relative.</summary>
    public string EnvironmentsPath { get; init; } = DefaultEnvironments;

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

        var root = Deployment.Instance.RootDirectory;
        var path = Path.IsPathRooted(definition) ? definition : Path.Combine(root, definition);
        var environments = config.Get("environments") ?? DefaultEnvironments;
        return new StackSettings(definition, path, asOf, new Config("vault").Get("address"), new Config("azure-native").Get("subscriptionId"))
        {
            EnvironmentsFolder = environments,
            EnvironmentsPath = Path.IsPathRooted(environments) ? environments : Path.Combine(root, environments),
        };
    }

    /// <summary>
    /// Every other environment definition of the repository (<c>*.yaml</c> and <c>*.yml</c> in
    /// <see cref="EnvironmentsFolder"/>), which the gate checks this stack's definition against for
    /// isolation on every run, the stack's own file left out. Which of them a definition from outside
    /// the folder replaces is the core's decision (<see cref="DefinitionStandsIn"/>, passed to the gate).
    /// </summary>
    /// <exception cref="RunException">The folder is missing or a file cannot be read: an unreadable environment is not an absent one.</exception>
    public IReadOnlyList<DefinitionText> ReadOtherEnvironments()
    {
        var own = Path.GetFullPath(DefinitionPath);
        var folder = Path.GetFullPath(EnvironmentsPath);
        try
        {
            var others = new List<DefinitionText>();
            foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                var yaml = file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
                if (!yaml || string.Equals(Path.GetFullPath(file), own, StringComparison.Ordinal))
                {
                    continue;
                }

                others.Add(new DefinitionText(Path.Combine(EnvironmentsFolder, Path.GetFileName(file)).Replace('\\', '/'), File.ReadAllText(file)));
            }

            return others;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RunException($"infra:environments: cannot read the environment definitions in '{EnvironmentsFolder}' ({folder}): {e.Message}");
        }
    }

    /// <summary>True when the stack's definition lies outside the environments' folder, so it stands in for its namesake there.</summary>
    public bool DefinitionStandsIn =>
        !string.Equals(Path.GetDirectoryName(Path.GetFullPath(DefinitionPath)), Path.GetFullPath(EnvironmentsPath).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

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
