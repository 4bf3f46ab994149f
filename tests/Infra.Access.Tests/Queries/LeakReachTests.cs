using Infra.Access.Loading;
using Infra.Access.Planning;
using Infra.Access.Queries;
using Infra.Access.Tests.Diff;
using Infra.Access.Tests.Fixtures;

namespace Infra.Access.Tests.Queries;

/// <summary>
/// "If this identity's token leaks": each reach a pod-template writer has without admission policies
/// is asserted by name, so a computation that drops one (an account, its grants, a namespace reached
/// through a borrowed account, the Secrets, the Pod Security level) fails here.
/// </summary>
public sealed class LeakReachTests
{
    private static readonly Plan Prod = AccessDifferTests.StackPlan("prod");

    // Two namespaces: restart acts in the home namespace (where every stage account lives), deploy in the
    // second one. A pod run as deploy's account writes web-jobs' pod templates: the reach is transitive.
    private const string TwoNamespaces =
        "  - name: web\n    team: web-team\n    repository: example-org/web\n    namespaces: [web-test, web-jobs]\n"
        + "    podSecurity:\n      level: baseline\n      reason: the image runs nginx as root on port 80\n"
        + "    state: active\n    reviewBy: 2027-01-31\n    maintainers: [alice]\n    approvers: [bob]\n"
        + "    stages:\n      - name: restart\n        capabilities:\n          - restart:\n              namespace: web-test\n              deployments: [web]\n"
        + "      - name: deploy\n        capabilities:\n          - deploy:\n              namespace: web-jobs\n              deployments: [jobs]\n"
        + "      - name: verify\n        capabilities:\n          - read-status:\n              namespace: web-jobs\n";

    [Fact]
    public void Of_WhenTheStageDeploys_ShouldReachEveryAccountAndSecretOfItsNamespace()
    {
        var leak = Leak.Of(Prod, Identity(Prod, "payments-api/deploy"));

        Assert.True(leak.ReachesBeyondGrants);
        Assert.Equal(["payments-prod"], leak.SecretsOf.AsEnumerable());
        var ns = Assert.Single(leak.Namespaces);
        Assert.Equal(("payments-prod", "restricted"), (ns.Namespace, ns.PodSecurityLevel));
        var verify = Assert.Single(leak.ServiceAccounts);
        Assert.Equal(("payments-prod/ci-payments-api-verify", "payments-api/verify"), (verify.ServiceAccount, verify.Identity));
        Assert.Contains(verify.Grants, g => g.Resource == "core/pods" && g.Actions.Contains("list"));
        // A borrowed account brings its Kubernetes grants only: Vault and Azure accept the CI token, never a pod's.
        Assert.All(verify.Grants, g => Assert.Equal("kubernetes", g.System));
        Assert.Contains(leak.Direct, g => g.System == "vault");
    }

    [Fact]
    public void Of_WhenTwoStagesWriteOneNamespace_ShouldReachTheOthersAccountWithItsWrites()
    {
        var leak = Leak.Of(Prod, Identity(Prod, "orders-worker/deploy"));

        var configure = Assert.Single(leak.ServiceAccounts);
        Assert.Equal("orders-prod/ci-orders-worker-configure", configure.ServiceAccount);
        Assert.Contains(configure.Grants, g => g.Resource == "core/configmaps:orders-worker-settings" && g.Actions.Contains("patch"));
    }

    [Fact]
    public void Of_WhenABorrowedAccountWritesAnotherNamespace_ShouldFollowItThere()
    {
        var plan = Plan(TwoNamespaces);

        var leak = Leak.Of(plan, Identity(plan, "web/restart"));

        Assert.Equal(["web-jobs", "web-test"], leak.SecretsOf.AsEnumerable());
        Assert.Equal(["web-test/ci-web-deploy", "web-test/ci-web-verify"], leak.ServiceAccounts.Select(a => a.ServiceAccount));
        Assert.Contains(leak.ServiceAccounts[0].Grants, g => g.Scope == "web-jobs" && g.Resource == "apps/deployments:jobs" && g.Actions.Contains("patch"));
        Assert.All(leak.Namespaces, n => Assert.Equal("baseline", n.PodSecurityLevel));
        Assert.Contains("root", leak.Namespaces[0].PodsMay, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_WhenTheStageOnlyReads_ShouldReachItsGrantsOnly()
    {
        var leak = Leak.Of(Prod, Identity(Prod, "payments-api/verify"));

        Assert.False(leak.ReachesBeyondGrants);
        Assert.Empty(leak.ServiceAccounts);
        Assert.Empty(leak.SecretsOf);
        Assert.NotEmpty(leak.Direct);
        Assert.Contains("direct grants only", leak.Admission, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_WhenTheNamespaceHasNoPodSecurityLabels_ShouldCountItPrivileged()
    {
        var plan = Prod with { Kubernetes = Prod.Kubernetes with { PodSecurity = [.. Prod.Kubernetes.PodSecurity.Where(p => p.Namespace != "ledger-prod")] } };

        var leak = Leak.Of(plan, Identity(plan, "ledger-migrations/migrate"));

        var ns = Assert.Single(leak.Namespaces);
        Assert.Equal(("ledger-prod", "privileged"), (ns.Namespace, ns.PodSecurityLevel));
        Assert.Contains("root on the node", ns.PodsMay, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenAPodTemplateWriterIsExplained_ShouldPrintTheLeakSectionInTextAndJson()
    {
        var explanations = Explain.Describe([Prod], "payments-api/deploy");

        var text = Explain.Text(explanations);
        Assert.Contains("  if this identity's token leaks:\n    directly: the 5 grant(s) above, until the token expires (15m)\n", text, StringComparison.Ordinal);
        Assert.Contains("    without admission policies, it can change pod templates in payments-prod, so a pod it starts there can:\n", text, StringComparison.Ordinal);
        Assert.Contains("        ServiceAccount payments-prod/ci-payments-api-verify of payments-api/verify:\n", text, StringComparison.Ordinal);
        Assert.Contains("      mount every Secret of payments-prod", text, StringComparison.Ordinal);
        Assert.Contains("    admission: the ValidatingAdmissionPolicies", text, StringComparison.Ordinal);
        var json = Explain.JsonText(explanations);
        Assert.Contains("\"ifTokenLeaks\"", json, StringComparison.Ordinal);
        Assert.Contains("\"serviceAccount\": \"payments-prod/ci-payments-api-verify\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_WhenThePipelineIsPaused_ShouldHaveNoLeakSection()
    {
        var explanation = Assert.Single(Explain.Describe([Prod], "search-indexer/deploy"));

        Assert.Null(explanation.IfTokenLeaks);
        Assert.DoesNotContain("token leaks", Explain.Text([explanation]), StringComparison.Ordinal);
    }

    private static StageIdentity Identity(Plan plan, string id) => plan.Identities.Single(i => i.Id == id);

    private static Plan Plan(string pipeline)
    {
        var text = Definitions.Minimal[..Definitions.Minimal.IndexOf("  - name: web", StringComparison.Ordinal)] + pipeline;
        var result = DefinitionLoader.Load(text, "two-namespaces.yaml");
        Assert.Empty(result.Errors);
        return Planner.Build(result.Definition!);
    }
}
