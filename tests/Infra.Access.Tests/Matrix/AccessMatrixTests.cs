using System.Collections.Immutable;
using Infra.Access.Matrix;
using Infra.Access.Planning;
using Infra.Access.Tests.Diff;

namespace Infra.Access.Tests.Matrix;

/// <summary>
/// The matrix's own decisions, one behaviour per test (issue 12: the mutants of access/Matrix that
/// the diff and query tests left alive). The plans are the production stack's, changed with
/// <c>with</c> so each test shows the one input that decides.
/// </summary>
public sealed class AccessMatrixTests
{
    private static readonly Plan Prod = AccessDifferTests.StackPlan("prod");

    [Fact]
    public void Build_WhenAPolicyPathIsAMountAlone_ShouldScopeItsRowsToThatMount()
    {
        var role = Prod.Vault.JwtRoles.First(r => r.Owner.Stage is not null);
        var policy = new VaultPolicyDeclaration("mount-alone", [new VaultPathRule("kv-solo", ["read"])], role.Owner);
        var plan = Prod with
        {
            Vault = Prod.Vault with
            {
                Policies = Prod.Vault.Policies.Add(policy),
                JwtRoles = Prod.Vault.JwtRoles.Replace(role, role with { TokenPolicies = ["mount-alone"] }),
            },
        };

        var row = Assert.Single(AccessMatrix.Build(plan), r => r.Identity == role.Owner.Subject && r.System == AccessMatrix.Vault);

        Assert.Equal(("kv-solo", "kv-solo", "read"), (row.Scope, row.Resource, row.Action));
    }

    [Fact]
    public void Build_WhenADeployerPolicyPathIsAMountAlone_ShouldScopeItsRowToThatMount()
    {
        var deployer = Prod.Deployers[0];
        var policy = deployer.VaultPolicy with { Paths = deployer.VaultPolicy.Paths.Add(new VaultPathRule("sys-solo", ["read"])) };
        var plan = Prod with { Deployers = Prod.Deployers.SetItem(0, deployer with { VaultPolicy = policy }) };

        var row = Assert.Single(AccessMatrix.Build(plan), r => r.Identity == deployer.Id && r.Resource == "sys-solo");

        Assert.Equal((AccessMatrix.Vault, "sys-solo", "read"), (row.System, row.Scope, row.Action));
    }

    [Fact]
    public void Build_WhenADeployerAzureRoleHoldsDataActions_ShouldListThemBesideItsActions()
    {
        const string DataAction = "Microsoft.ContainerRegistry/registries/repositories/content/read";
        var deployer = Prod.Deployers.First(d => !d.AzureRoles.IsEmpty);
        var role = deployer.AzureRoles[0];
        Assert.NotEmpty(role.Definition.Actions);
        var widened = role with { Definition = role.Definition with { DataActions = [DataAction] } };
        var plan = Prod with { Deployers = Prod.Deployers.Replace(deployer, deployer with { AzureRoles = deployer.AzureRoles.SetItem(0, widened) }) };

        var actions = AccessMatrix.Build(plan).Where(r => r.Identity == deployer.Id && r.System == AccessMatrix.Azure && r.Resource == role.Definition.RoleName).Select(r => r.Action).ToList();

        Assert.Contains(DataAction, actions);
        // Beside, not instead: every action that is not a conditioned role-assignment write keeps its row on the role.
        var kept = role.Definition.Actions.Where(a => role.Condition is null
            || !a.StartsWith("Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)
            || a.EndsWith("/read", StringComparison.OrdinalIgnoreCase)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(kept);
        Assert.Subset(actions.ToHashSet(StringComparer.Ordinal), kept);
    }

    [Fact]
    public void Build_WhenGivenNothing_ShouldRefuseByName()
    {
        // ArgumentNullException names the parameter; without the guard the caller would get a NullReferenceException from deep inside.
        Assert.Equal("plan", Assert.Throws<ArgumentNullException>(() => AccessMatrix.Build(null!)).ParamName);
        Assert.Equal("rule", Assert.Throws<ArgumentNullException>(() => AccessMatrix.KubernetesResources(null!).ToList()).ParamName);
        Assert.Equal("plan", Assert.Throws<ArgumentNullException>(() => AccessMatrixSummary.ToOutput(null!)).ParamName);
        Assert.Equal("row", Assert.Throws<ArgumentNullException>(() => AccessMatrixSummary.Line(null!)).ParamName);
        Assert.Equal("plan", Assert.Throws<ArgumentNullException>(() => GrantSource.For(null!)).ParamName);
        Assert.Equal("row", Assert.Throws<ArgumentNullException>(() => GrantSource.For(AccessDifferTests.StackPlan("prod")).Of(null!)).ParamName);
    }

    [Fact]
    public void CompareTo_WhenTheOtherRowIsMissing_ShouldSortItFirst()
    {
        var row = Row("prod", "a/deploy");

        Assert.Equal(1, row.CompareTo(null));
    }

    [Fact]
    public void CompareTo_WhenEnvironmentsDiffer_ShouldOrderByEnvironmentBeforeIdentity()
    {
        var prodLater = Row("prod", "z/deploy");
        var stagingEarlier = Row("staging", "a/deploy");

        Assert.True(prodLater.CompareTo(stagingEarlier) < 0);
        Assert.True(stagingEarlier.CompareTo(prodLater) > 0);
    }

    [Theory]
    [InlineData("a/deploy", "b/deploy", true, true, false, false)]
    [InlineData("b/deploy", "a/deploy", false, false, true, true)]
    [InlineData("a/deploy", "a/deploy", false, true, false, true)]
    public void Operators_WhenRowsAreCompared_ShouldAgreeWithCompareTo(string left, string right, bool less, bool lessOrEqual, bool greater, bool greaterOrEqual)
    {
        var l = Row("prod", left);
        var r = Row("prod", right);

        Assert.Equal((less, lessOrEqual, greater, greaterOrEqual), (l < r, l <= r, l > r, l >= r));
    }

    [Fact]
    public void GrantSource_WhenAJwtRoleListsTwoPoliciesWithOnePath_ShouldNameTheFirstInPlanOrderNotInTheRolesList()
    {
        var role = Prod.Vault.JwtRoles.First(r => r.Owner.Stage is not null);
        var earlier = new VaultPolicyDeclaration("policy-earlier", [new VaultPathRule("kv-prod/data/shared", ["read"]), new VaultPathRule("kv-prod/data/only-earlier", ["read"])], role.Owner);
        var later = new VaultPolicyDeclaration("policy-later", [new VaultPathRule("kv-prod/data/shared", ["read"])], role.Owner);
        var plan = Prod with
        {
            Vault = Prod.Vault with
            {
                Policies = Prod.Vault.Policies.Add(earlier).Add(later),
                JwtRoles = Prod.Vault.JwtRoles.Replace(role, role with { TokenPolicies = ["policy-later", "policy-earlier"] }),
            },
        };
        var sources = GrantSource.For(plan);

        string SourceOf(string path) => sources.Of(AccessMatrix.Build(plan).Single(r => r.Identity == role.Owner.Subject && r.Resource == path));

        Assert.Equal("Vault policy policy-earlier", SourceOf("kv-prod/data/shared"));
        Assert.Equal("Vault policy policy-earlier", SourceOf("kv-prod/data/only-earlier"));
    }

    [Fact]
    public void GrantSource_WhenNoAssignmentOfTheIdentityIsOnTheRowsScope_ShouldNameTheSystem()
    {
        var assignment = Prod.Azure.RoleAssignments[0];
        var row = new AccessRow(Prod.Environment, assignment.Owner.Subject, AccessMatrix.Azure, "another-registry", "repositories/" + assignment.Repositories[0], "read");

        Assert.Equal(AccessMatrix.Azure, GrantSource.For(Prod).Of(row));
    }

    [Fact]
    public void GrantSource_WhenAScopeOnlyEndsWithTheRowsScopeName_ShouldNotNameIt()
    {
        // ".../registries/xacrprod" is another registry than "acrprod": the scope must end at a '/'.
        var assignment = Prod.Azure.RoleAssignments[0];
        var registry = assignment.Scope[..assignment.Scope.LastIndexOf('/')];
        var lookalike = assignment with { RoleName = "lookalike-role", Scope = registry + "/xacrprod" };
        var real = assignment with { RoleName = "real-role", Scope = registry + "/acrprod" };
        var plan = Prod with { Azure = Prod.Azure with { RoleAssignments = [lookalike, real] } };
        var row = new AccessRow(Prod.Environment, assignment.Owner.Subject, AccessMatrix.Azure, "acrprod", "repositories/" + assignment.Repositories[0], "read");

        Assert.Equal("Azure role real-role", GrantSource.For(plan).Of(row));
    }

    [Fact]
    public void GrantSource_WhenAnAssignmentOnTheScopeNamesOtherRepositories_ShouldNotNameIt()
    {
        var assignment = Prod.Azure.RoleAssignments[0];
        var other = assignment with { RoleName = "other-repositories-role", Repositories = ["someone-else"] };
        var real = assignment with { RoleName = "real-role" };
        var plan = Prod with { Azure = Prod.Azure with { RoleAssignments = [other, real] } };
        var scope = assignment.Scope[(assignment.Scope.LastIndexOf('/') + 1)..];
        var row = new AccessRow(Prod.Environment, assignment.Owner.Subject, AccessMatrix.Azure, scope, "repositories/" + assignment.Repositories[0], "read");

        Assert.Equal("Azure role real-role", GrantSource.For(plan).Of(row));
    }

    private static AccessRow Row(string environment, string identity) =>
        new(environment, identity, AccessMatrix.Kubernetes, "payments-prod", "apps/deployments:payments-api", "patch");
}
