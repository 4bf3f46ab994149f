using System.Collections.Immutable;
using Infra.Components.Validation;
using Pulumi;
using Pulumi.Testing;

namespace Infra.Testing;

/// <summary>Runs component declarations under <see cref="EchoMocks"/> and loads the repository's stacks.</summary>
internal static class ComponentRun
{
    /// <summary>
    /// A fixed date, so review-by dates in the stacks do not make the tests age: the one the core and
    /// CLI tests check the stacks on (production review-by dates may be at most 6 months ahead, LCY006).
    /// </summary>
    public static readonly DateOnly AsOf = new(2026, 11, 24);

    public static string StackText(string environment) => File.ReadAllText(RepositoryRoot.File("stacks", environment + ".yaml"));

    public static CheckedEnvironment Stack(string environment) =>
        EnvironmentGate.Load(StackText(environment), $"stacks/{environment}.yaml", AsOf);

    public static async Task<(ImmutableArray<Resource> Resources, EchoMocks Mocks)> Declare(Action declare)
    {
        var mocks = new EchoMocks();
        var resources = await Deployment.TestAsync(mocks, new TestOptions { IsPreview = false }, declare);
        return (resources, mocks);
    }
}
