using Infra.Access;
using Infra.Access.Rules;
using Infra.Components.Validation;
using Infra.Testing;
using Pulumi;

namespace Infra.Components.Tests;

public sealed class EnvironmentGateTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static string DefinitionOf(string name) => File.ReadAllText(RepositoryRoot.File("stacks", name + ".yaml"));

    [Fact]
    public void FindingsMessage_WhenGuardrailsReportErrors_ShouldListRuleIdsFirstThenEachLocation()
    {
        Finding[] errors =
        [
            new("ACC-0201", "vault-exact-paths", Severity.Error, "prod", "payments-api/deploy", "path glob in policy.", "Name exact paths.", new SourceLocation("stacks/prod.yaml", 80, 9)),
            new("ACC-0101", "no-wildcard-verbs", Severity.Error, "prod", "orders-worker/deploy", "verb '*'.", "Name verbs.", new SourceLocation("stacks/prod.yaml", 12, 3)),
        ];

        var message = EnvironmentGate.FindingsMessage("stacks/prod.yaml", errors);

        var lines = message.Split('\n');
        Assert.Equal("stacks/prod.yaml: 2 guardrail errors (ACC-0101, ACC-0201); nothing was registered:", lines[0]);
        Assert.StartsWith("  stacks/prod.yaml:12:3: error ACC-0101 no-wildcard-verbs: orders-worker/deploy:", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("  stacks/prod.yaml:80:9: error ACC-0201 vault-exact-paths: payments-api/deploy:", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenStagingSharesANamespaceWithAnotherEnvironmentOfTheRepository_ShouldRefuseWithTheIsolationRule()
    {
        var staging = DefinitionOf("staging").Replace("namespaces: [payments-staging]", "namespaces: [payments-prod]", StringComparison.Ordinal);

        var error = Assert.Throws<RunException>(() => EnvironmentGate.Load(staging, "stacks/staging.yaml", Today, [new DefinitionText("stacks/prod.yaml", DefinitionOf("prod"))]));

        Assert.Contains("(ISO001)", error.Message, StringComparison.Ordinal);
        Assert.Contains("namespace payments-prod is also declared by environment 'prod'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAnotherEnvironmentDefinitionDoesNotLoad_ShouldRefuseNamingIt()
    {
        var error = Assert.Throws<RunException>(() => EnvironmentGate.Load(DefinitionOf("staging"), "stacks/staging.yaml", Today, [new DefinitionText("stacks/dev.yaml", "environment:\n  nme: dev\n")]));

        Assert.Contains("stacks/dev.yaml:2:", error.Message, StringComparison.Ordinal);
        Assert.Contains("checked for isolation against every one of them", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTheOtherEnvironmentsShareNothing_ShouldPass()
    {
        var environment = EnvironmentGate.Load(DefinitionOf("staging"), "stacks/staging.yaml", Today, [new DefinitionText("stacks/prod.yaml", DefinitionOf("prod"))]);

        Assert.Equal("staging", environment.Plan.Environment);
    }

    [Fact]
    public void Load_WhenADefinitionFromOutsideTheFolderStandsInForItsNamesake_ShouldCompareItWithTheOthersOnly()
    {
        var others = new[] { new DefinitionText("stacks/prod.yaml", DefinitionOf("prod")), new DefinitionText("stacks/staging.yaml", DefinitionOf("staging")) };

        // Compared with its own namesake it would share every namespace (ISO001) and the environment name (ISO007).
        Assert.Throws<RunException>(() => EnvironmentGate.Load(DefinitionOf("staging"), "candidate/staging.yaml", Today, others));
        var environment = EnvironmentGate.Load(DefinitionOf("staging"), "candidate/staging.yaml", Today, others, standsIn: true);

        Assert.Equal("staging", environment.Plan.Environment);
    }
}
