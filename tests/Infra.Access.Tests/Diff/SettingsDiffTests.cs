using System.Collections.Immutable;
using Infra.Access.Definition;
using Infra.Access.Diff;
using Infra.Access.Loading;
using Infra.Testing;

namespace Infra.Access.Tests.Diff;

/// <summary>
/// The wording and the widening of each environment setting as <see cref="SettingsDiff.Compare"/>
/// shows it: the production definition's settings (every-field.prod.yaml) changed one field at a time
/// in code, so an absent value, a list's order and the direction of a change can be set exactly.
/// </summary>
public sealed class SettingsDiffTests
{
    private static readonly Lazy<EnvironmentSettings> Prod = new(() =>
    {
        var result = DefinitionLoader.Load(File.ReadAllText(RepositoryRoot.File("tests", "Infra.Access.Tests", "Diff", "every-field.prod.yaml")), "prod.yaml");
        Assert.True(result.Errors.IsEmpty, string.Join("\n", result.Errors));
        return result.Definition!.Environment;
    });

    private static EnvironmentSettings Base => Prod.Value;

    [Fact]
    public void Compare_WhenASideHasNoSettings_ShouldCompareNothing()
    {
        Assert.Empty(SettingsDiff.Compare(null, Base));
        Assert.Empty(SettingsDiff.Compare(Base, null));
        Assert.Empty(SettingsDiff.Compare(null, null));
    }

    [Fact]
    public void Compare_WhenOnlyEndpointsMove_ShouldLeaveThemToTheEndpointComparison()
    {
        // The cluster, its API server, Vault and the registry are compared as the systems compare them (Endpoints), not here.
        var after = Base with
        {
            Cluster = Base.Cluster with { ResourceId = Base.Cluster.ResourceId + "-b", ApiServerUrl = "https://aks-prod-b.hcp.westeurope.azmk8s.io" },
            Vault = Base.Vault with { Address = "https://vault.other.example.internal:8200" },
            Azure = Base.Azure! with { Registry = Base.Azure.Registry! with { Id = Base.Azure.Registry.Id + "b" } },
        };

        Assert.Empty(SettingsDiff.Compare(Base, after));
    }

    [Fact]
    public void Compare_WhenTheRunnerNamespaceMovesOrGoes_ShouldShowItAndWiden()
    {
        var moved = Changes(Base, Base with { Cluster = Base.Cluster with { RunnerNamespace = "ci-runners-b" } });
        var gone = Changes(Base, Base with { Cluster = Base.Cluster with { RunnerNamespace = null } });
        var added = Changes(Base with { Cluster = Base.Cluster with { RunnerNamespace = null } }, Base);

        Assert.Equal([new TrustChange("environment.cluster.runnerNamespace", "ci-runners-prod", "ci-runners-b", true)], moved);
        Assert.Equal([new TrustChange("environment.cluster.runnerNamespace", "ci-runners-prod", "none", true)], gone);
        Assert.Equal([new TrustChange("environment.cluster.runnerNamespace", "none", "ci-runners-prod", true)], added);
    }

    [Fact]
    public void Compare_WhenARunnerEgressFlowGainsAPort_ShouldListEachFlowAsCidrAndSortedPorts()
    {
        var after = Base with { Cluster = Base.Cluster with { RunnerEgress = [.. Base.Cluster.RunnerEgress.Select(f => f with { Ports = [8080, 3128, 443] })] } };

        var change = Assert.Single(Changes(Base, after));

        Assert.Equal(new TrustChange("environment.cluster.runnerEgress", "10.50.40.10/32 3128", "10.50.40.10/32 443,3128,8080", true), change);
    }

    [Fact]
    public void Compare_WhenARunnerEgressFlowIsRemoved_ShouldShowItWithoutWidening()
    {
        // A flow is compared as one item: removing one narrows, while a flow that loses a port reads as another flow (widens, fail-closed).
        var flow = Base.Cluster.RunnerEgress[0];
        var before = Base with { Cluster = Base.Cluster with { RunnerEgress = [flow, flow with { Cidr = "10.50.41.0/24", Ports = [443, 80] }] } };

        var change = Assert.Single(Changes(before, Base));

        Assert.Equal(new TrustChange("environment.cluster.runnerEgress", "10.50.40.10/32 3128, 10.50.41.0/24 80,443", "10.50.40.10/32 3128", false), change);
    }

    [Fact]
    public void Compare_WhenTheKubernetesVersionIsDeclared_ShouldShowNoneBefore()
    {
        var after = Base with { Cluster = Base.Cluster with { KubernetesVersion = new Version(1, 31) } };

        Assert.Equal([new TrustChange("environment.cluster.kubernetesVersion", "none", "1.31", true)], Changes(Base, after));
    }

    [Fact]
    public void Compare_WhenTheApprovalEnvironmentChangesOrGoes_ShouldShowItAndWiden()
    {
        var renamed = Changes(Base, Base with { Ci = Base.Ci with { ApprovalEnvironment = "prod-approval-b" } });
        var gone = Changes(Base, Base with { Ci = Base.Ci with { ApprovalEnvironment = null } });

        Assert.Equal([new TrustChange("environment.ci.approvalEnvironment", "prod-approval", "prod-approval-b", true)], renamed);
        Assert.Equal([new TrustChange("environment.ci.approvalEnvironment", "prod-approval", "none", true)], gone);
    }

    [Fact]
    public void Compare_WhenTheApprovalWaitTimerShortens_ShouldWiden()
    {
        var shorter = Changes(Base, Base with { Ci = Base.Ci with { ApprovalWaitTimer = TimeSpan.FromMinutes(1) } });
        var gone = Changes(Base, Base with { Ci = Base.Ci with { ApprovalWaitTimer = null } });

        Assert.Equal([new TrustChange("environment.ci.approvalWaitTimer", "5m", "1m", true)], shorter);
        Assert.Equal([new TrustChange("environment.ci.approvalWaitTimer", "5m", "none", true)], gone);
    }

    [Fact]
    public void Compare_WhenNoWaitTimerBecomesAZeroOne_ShouldShowItWithoutWidening()
    {
        // No timer and a zero timer hold a job equally long (not at all): shown, as the text changed, but not growth.
        var before = Base with { Ci = Base.Ci with { ApprovalWaitTimer = null } };
        var after = Base with { Ci = Base.Ci with { ApprovalWaitTimer = TimeSpan.Zero } };

        Assert.Equal([new TrustChange("environment.ci.approvalWaitTimer", "none", "0s", false)], Changes(before, after));
    }

    [Fact]
    public void Compare_WhenTheRepositoryOwnersFallToNone_ShouldWiden()
    {
        // Declared owners dropped and an audience that names no GitHub owner: no owner is enforced at all.
        var before = Base with { Ci = Base.Ci with { RepositoryOwners = ["example-org"] } };
        var after = Base with { Ci = Base.Ci with { Audience = "api://ci" } };

        var changes = Changes(before, after);

        Assert.Equal(
            [
                new TrustChange("environment.ci.audience", "https://github.com/example-org", "api://ci", true),
                new TrustChange("environment.ci.repositoryOwners", "example-org", "none", true),
            ],
            changes);
    }

    [Fact]
    public void Compare_WhenTheAzureSettingsAreAdded_ShouldShowEachFieldFromNone()
    {
        var before = Base with { Azure = null };

        var changes = Changes(before, Base);

        // registry.id is an endpoint: left to the endpoint comparison.
        Assert.Equal(
            [
                new TrustChange("environment.azure.subscriptionId", "none", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", true),
                new TrustChange("environment.azure.resourceGroup", "none", "rg-ci-identities-prod", true),
                new TrustChange("environment.azure.location", "none", "westeurope", true),
                new TrustChange("environment.azure.registry.loginServer", "none", "acrexampleprod.azurecr.io", true),
                new TrustChange("environment.azure.registry.cidrs", "none", "10.50.16.0/28", true),
            ],
            changes);
    }

    [Fact]
    public void Compare_WhenTheRegistryGoes_ShouldShowItsFieldsAsNoneWithoutWideningItsCidrs()
    {
        var after = Base with { Azure = Base.Azure! with { Registry = null } };

        var changes = Changes(Base, after);

        Assert.Equal(
            [
                new TrustChange("environment.azure.registry.loginServer", "acrexampleprod.azurecr.io", "none", true),
                new TrustChange("environment.azure.registry.cidrs", "10.50.16.0/28", "none", false),
            ],
            changes);
    }

    [Fact]
    public void Compare_WhenTheAzureFieldsChange_ShouldShowOldAndNewValues()
    {
        var after = Base with
        {
            Azure = Base.Azure! with
            {
                ResourceGroup = "rg-shared-prod",
                Registry = Base.Azure.Registry! with { LoginServer = "acrotherprod.azurecr.io", Cidrs = ["10.60.16.0/28", "10.50.16.0/28"] },
            },
        };

        var changes = Changes(Base, after);

        Assert.Equal(
            [
                new TrustChange("environment.azure.resourceGroup", "rg-ci-identities-prod", "rg-shared-prod", true),
                new TrustChange("environment.azure.registry.loginServer", "acrexampleprod.azurecr.io", "acrotherprod.azurecr.io", true),
                new TrustChange("environment.azure.registry.cidrs", "10.50.16.0/28", "10.50.16.0/28, 10.60.16.0/28", true),
            ],
            changes);
    }

    [Fact]
    public void Compare_WhenImmutableStorageIsTurnedOffOrOn_ShouldWidenOnlyWhenTurnedOff()
    {
        var off = Base with { Audit = Base.Audit with { ImmutableStorage = false } };

        Assert.Equal([new TrustChange("environment.audit.immutableStorage", "true", "false", true)], Changes(Base, off));
        Assert.Equal([new TrustChange("environment.audit.immutableStorage", "false", "true", false)], Changes(off, Base));
    }

    [Fact]
    public void Compare_WhenTheAuditSinksAreDeclaredLater_ShouldShowNoneBefore()
    {
        var before = Base with { Audit = Base.Audit with { LogAnalyticsWorkspace = null, StorageAccount = null } };

        Assert.Equal(
            [
                new TrustChange("environment.audit.logAnalyticsWorkspace", "none", "law-audit-prod", true),
                new TrustChange("environment.audit.storageAccount", "none", "stauditprodweu", true),
            ],
            Changes(before, Base));
    }

    [Fact]
    public void Compare_WhenALockDateIsSetOrMovedLater_ShouldShowTheDayAndWiden()
    {
        var unlocked = Base with { Audit = Base.Audit with { ImmutabilityPolicy = AuditSettings.Unlocked } };
        var dated = unlocked with { Audit = unlocked.Audit with { LockBy = new DateOnly(2026, 12, 1) } };
        var later = unlocked with { Audit = unlocked.Audit with { LockBy = new DateOnly(2026, 12, 6) } };

        Assert.Equal([new TrustChange("environment.audit.lockBy", "none", "2026-12-01", true)], Changes(unlocked, dated));
        Assert.Equal([new TrustChange("environment.audit.lockBy", "2026-12-01", "2026-12-06", true)], Changes(dated, later));
        Assert.Equal([new TrustChange("environment.audit.lockBy", "2026-12-06", "2026-12-01", false)], Changes(later, dated));
    }

    [Fact]
    public void Compare_WhenAVaultAuditDeviceGainsOptions_ShouldListThemInKeyOrder()
    {
        var device = Base.Audit.VaultDevices[0];
        var changed = device with { Options = device.Options.Add("log_raw", "true").Add("hmac_accessor", "false") };
        var after = Base with { Audit = Base.Audit with { VaultDevices = Base.Audit.VaultDevices.Replace(device, changed) } };

        var change = Assert.Single(Changes(Base, after));

        Assert.Equal("environment.audit.vaultDevices", change.Field);
        Assert.Equal(
            "file-primary file file_path=/vault/audit/audit.log, socket-siem socket address=siem-collector.prod.example.internal:9090 socket_type=tcp",
            change.Before);
        Assert.Equal(
            "file-primary file file_path=/vault/audit/audit.log hmac_accessor=false log_raw=true, socket-siem socket address=siem-collector.prod.example.internal:9090 socket_type=tcp",
            change.After);
        Assert.True(change.Widens);
    }

    [Fact]
    public void Compare_WhenProductionBecomesNonProduction_ShouldWidenButNotTheOtherWay()
    {
        var staging = Base with { Tier = Tier.NonProduction };

        Assert.Equal([new TrustChange("environment.tier", "production", "non-production", true)], Changes(Base, staging));
        Assert.Equal([new TrustChange("environment.tier", "non-production", "production", false)], Changes(staging, Base));
    }

    [Fact]
    public void Compare_WhenTheTokenCeilingOrRetentionChange_ShouldWidenOnlyTowardsLongerTokensAndShorterRetention()
    {
        var looser = Base with { TokenTtlCeiling = TimeSpan.FromMinutes(30), Audit = Base.Audit with { RetentionDays = 90 } };

        Assert.Equal(
            [
                new TrustChange("environment.tokenTtlCeiling", "15m", "30m", true),
                new TrustChange("environment.audit.retentionDays", "365", "90", true),
            ],
            Changes(Base, looser));
        Assert.Equal(
            [
                new TrustChange("environment.tokenTtlCeiling", "30m", "15m", false),
                new TrustChange("environment.audit.retentionDays", "90", "365", false),
            ],
            Changes(looser, Base));
    }

    /// <summary>The changes as an array, so they compare item by item with the expected ones.</summary>
    private static TrustChange[] Changes(EnvironmentSettings? before, EnvironmentSettings? after) => [.. SettingsDiff.Compare(before, after)];
}
