using Infra.Access.Diff;
using Infra.Access.Planning;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The network lines of a diff: flows gained and lost per namespace, and Pod Security levels, with
/// the pipeline that owns each namespace and whether the change widens. Each test adds namespaces
/// staging does not have to one side (or both) and compares staging with itself.
/// </summary>
public sealed class AccessDifferNetworkTests
{
    private static readonly Plan Staging = AccessDifferTests.StackPlan("staging");

    [Fact]
    public void Compare_WhenANamespaceLosesAllItsFlows_ShouldLoseEachLineUnderItsOwnPipeline()
    {
        var environment = Compare(before => before.Network["zz-gone"] = ("orders-worker", "egress to any peer 443/TCP\ningress from namespace ingress any port"), _ => { });

        Assert.Equal(
            [
                new NetworkChange(Change.Lost, "orders-worker", "zz-gone", "egress to any peer 443/TCP", Widens: false),
                new NetworkChange(Change.Lost, "orders-worker", "zz-gone", "ingress from namespace ingress any port", Widens: false),
            ],
            environment.Network.AsEnumerable());
        Assert.True(environment.AccessChanged);
    }

    [Fact]
    public void Compare_WhenFlowsChangeInSeveralNamespaces_ShouldListThemByNamespaceThenLineAndWidenOnGainsAndLostDenies()
    {
        var environment = Compare(
            before => before.Network["mm-isolated"] = ("payments-api", "default-deny ingress"),
            after =>
            {
                after.Network["zz-new"] = ("orders-worker", "egress to 10.0.0.0/8 5432/TCP");
                after.Network["aa-new"] = ("payments-api", "egress to any peer 443/TCP\negress to 10.0.0.0/8 22/TCP");
                after.Network["mm-isolated"] = ("payments-api", "ingress from any peer any port");
            });

        Assert.Equal(
            [
                new NetworkChange(Change.Gained, "payments-api", "aa-new", "egress to 10.0.0.0/8 22/TCP", Widens: true),
                new NetworkChange(Change.Gained, "payments-api", "aa-new", "egress to any peer 443/TCP", Widens: true),
                // The namespace is no longer isolated: losing the default deny widens, as the new flow does.
                new NetworkChange(Change.Lost, "payments-api", "mm-isolated", "default-deny ingress", Widens: true),
                new NetworkChange(Change.Gained, "payments-api", "mm-isolated", "ingress from any peer any port", Widens: true),
                new NetworkChange(Change.Gained, "orders-worker", "zz-new", "egress to 10.0.0.0/8 5432/TCP", Widens: true),
            ],
            environment.Network.AsEnumerable());
    }

    [Fact]
    public void Compare_WhenANewNamespaceEnforcesLessThanRestricted_ShouldReportOnlyTheGainedLevelAsWidening()
    {
        var environment = Compare(_ => { }, after => after.PodSecurityLevels["zz-new"] = ("search", "baseline"));

        Assert.Equal([new NetworkChange(Change.Gained, "search", "zz-new", "pod-security enforce baseline", Widens: true)], environment.Network.AsEnumerable());
    }

    [Fact]
    public void Compare_WhenANamespaceRaisesItsLevel_ShouldLoseTheOldLevelAndGainTheNewWithoutWidening()
    {
        var environment = Compare(
            before => before.PodSecurityLevels["zz-ns"] = ("search", "privileged"),
            after => after.PodSecurityLevels["zz-ns"] = ("search", "baseline"));

        Assert.Equal(
            [
                new NetworkChange(Change.Gained, "search", "zz-ns", "pod-security enforce baseline", Widens: false),
                new NetworkChange(Change.Lost, "search", "zz-ns", "pod-security enforce privileged", Widens: false),
            ],
            environment.Network.AsEnumerable());
    }

    [Fact]
    public void Compare_WhenANamespaceLowersItsLevel_ShouldWiden()
    {
        var environment = Compare(
            before => before.PodSecurityLevels["zz-ns"] = ("search", "baseline"),
            after => after.PodSecurityLevels["zz-ns"] = ("search-v2", "privileged"));

        Assert.Equal(
            [
                new NetworkChange(Change.Lost, "search-v2", "zz-ns", "pod-security enforce baseline", Widens: false),
                new NetworkChange(Change.Gained, "search-v2", "zz-ns", "pod-security enforce privileged", Widens: true),
            ],
            environment.Network.AsEnumerable());
        Assert.True(environment.AccessChanged);
    }

    [Fact]
    public void Compare_WhenANamespaceWithALevelGoesAway_ShouldReportNoNetworkChange()
    {
        // Its workloads go with it: nothing is left to enforce less.
        var environment = Compare(before => before.PodSecurityLevels["zz-gone"] = ("search", "baseline"), _ => { });

        Assert.Empty(environment.Network);
        Assert.False(environment.AccessChanged);
    }

    private static EnvironmentDiff Compare(Action<DiffSide> before, Action<DiffSide> after)
    {
        var (was, now) = (DiffSide.Of(Staging, []), DiffSide.Of(Staging, []));
        before(was);
        after(now);
        return AccessDiffer.Compare(was, now);
    }
}
