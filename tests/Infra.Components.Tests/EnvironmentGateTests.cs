using Infra.Access;
using Infra.Access.Rules;
using Infra.Components.Validation;

namespace Infra.Components.Tests;

public sealed class EnvironmentGateTests
{
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
}
