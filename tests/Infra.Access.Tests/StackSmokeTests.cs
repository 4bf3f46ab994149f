using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Testing;

namespace Infra.Access.Tests;

public sealed class StackSmokeTests
{
    [Theory]
    [InlineData("staging")]
    [InlineData("prod")]
    public void Load_WhenStackFileIsShipped_ShouldLoadAndPlan(string stack)
    {
        var path = RepositoryRoot.File("stacks", stack + ".yaml");
        var result = DefinitionLoader.Load(File.ReadAllText(path), $"stacks/{stack}.yaml");

        Assert.Empty(result.Errors);
        var plan = Planner.Build(result.Definition!);
        Assert.Equal(stack, plan.Environment);
        Assert.All(plan.Kubernetes.ServiceAccounts, sa => Assert.False(sa.AutomountServiceAccountToken));
    }
}
