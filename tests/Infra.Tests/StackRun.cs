using System.Collections.Immutable;
using System.Text.Json;
using Infra.Components.Validation;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Testing;

/// <summary>Runs the program's stack under <see cref="EchoMocks"/> with a stack configuration.</summary>
internal static class StackRun
{
    public const string AsOf = "2026-11-24";

    public static CheckedEnvironment Environment(string environment) =>
        EnvironmentGate.Load(File.ReadAllText(RepositoryRoot.File("stacks", environment + ".yaml")), $"stacks/{environment}.yaml", DateOnly.Parse(AsOf, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The configuration of <c>Pulumi.&lt;stack&gt;.yaml</c> for the test: the definition, the date, and optional provider keys.</summary>
    public static Dictionary<string, string> Config(string definition, params (string Key, string Value)[] more)
    {
        var config = new Dictionary<string, string>(StringComparer.Ordinal) { ["infra:definition"] = definition, ["infra:asOf"] = AsOf };
        foreach (var (key, value) in more)
        {
            config[key] = value;
        }

        return config;
    }

    public static async Task<(ImmutableArray<Resource> Resources, EchoMocks Mocks)> Run<TStack>(string stack, Dictionary<string, string> config)
        where TStack : Stack, new()
    {
        // The deployment reads its configuration from this variable when it starts; the tests run one at a time.
        System.Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
        try
        {
            var mocks = new EchoMocks();
            var resources = await Deployment.TestAsync<TStack>(mocks, new TestOptions
            {
                ProjectName = "infra",
                StackName = stack,
                RootDirectory = RepositoryRoot.Path,
                IsPreview = false,
            });
            return (resources, mocks);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
        }
    }

    /// <summary>Runs a stack expected to fail; returns the failure and what was registered before it.</summary>
    public static async Task<(Exception Error, EchoMocks Mocks)> Fail<TStack>(string stack, Dictionary<string, string> config)
        where TStack : Stack, new()
    {
        System.Environment.SetEnvironmentVariable("PULUMI_CONFIG", JsonSerializer.Serialize(config));
        try
        {
            var mocks = new EchoMocks();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => Deployment.TestAsync<TStack>(mocks, new TestOptions
            {
                ProjectName = "infra",
                StackName = stack,
                RootDirectory = RepositoryRoot.Path,
                IsPreview = false,
            }));
            return (error, mocks);
        }
        finally
        {
            System.Environment.SetEnvironmentVariable("PULUMI_CONFIG", null);
        }
    }
}
