using Infra.Access.Rules.Isolation;

namespace Infra.Access.Tests.Rules;

/// <summary>Issue 11, class 2: two spellings of one shared thing compare equal; two things never do.</summary>
public sealed class SharedKeysTests
{
    [Theory]
    [InlineData("/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg", "/SUBSCRIPTIONS/0B1C2D3E-4F5A-4B6C-8D7E-9F0A1B2C3D4E/resourcegroups/RG")]
    [InlineData("/subscriptions/x/resourceGroups/rg", "/subscriptions/x/resourceGroups/rg/")]
    [InlineData("/subscriptions/x/resourceGroups/rg", "subscriptions//x/resourceGroups/rg")]
    [InlineData("/subscriptions/x/resourceGroups/rg", " /subscriptions/x/resourceGroups/rg ")]
    public void ArmId_WhenTwoSpellingsNameOneResource_ShouldBeEqual(string a, string b) =>
        Assert.Equal(SharedKeys.ArmId(a), SharedKeys.ArmId(b));

    [Theory]
    [InlineData("/subscriptions/x/resourceGroups/rg", "/subscriptions/x/resourceGroups/rg2")]
    [InlineData("/subscriptions/x/resourceGroups/rg", "/subscriptions/y/resourceGroups/rg")]
    public void ArmId_WhenTwoResourcesDiffer_ShouldDiffer(string a, string b) =>
        Assert.NotEqual(SharedKeys.ArmId(a), SharedKeys.ArmId(b));

    [Theory]
    [InlineData("/subscriptions/0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e/resourceGroups/rg", "0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e")]
    [InlineData("/SUBSCRIPTIONS/abc/", "abc")]
    [InlineData("/providers/Microsoft.Management/managementGroups/mg", null)]
    [InlineData("/", null)]
    [InlineData("/subscriptions", null)]
    public void SubscriptionOf_ShouldReadTheSubscriptionSegment(string id, string? expected) =>
        Assert.Equal(expected, SharedKeys.SubscriptionOf(id));

    [Theory]
    [InlineData("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "0B1C2D3E-4F5A-4B6C-8D7E-9F0A1B2C3D4E", true)]
    [InlineData("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "{0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e}", true)]
    [InlineData("0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "6f1d2c3b-0a9e-4d8c-b7a6-5e4f3d2c1b0a", false)]
    [InlineData("not-a-guid", "NOT-A-GUID", true)]
    public void SameSubscription_ShouldCompareGuidsIgnoringCase(string a, string b, bool expected) =>
        Assert.Equal(expected, SharedKeys.SameSubscription(a, b));

    [Theory]
    [InlineData("https://vault.prod.example.internal:8200", "HTTPS://VAULT.Prod.example.internal:8200/")]
    [InlineData("https://vault.prod.example.internal", "https://vault.prod.example.internal:443")]
    [InlineData("https://vault.prod.example.internal", "https://vault.prod.example.internal.")]
    [InlineData("https://aks.example.io/", "https://aks.example.io")]
    public void Endpoint_WhenTwoSpellingsNameOneServer_ShouldBeEqual(string a, string b) =>
        Assert.Equal(SharedKeys.Endpoint(a), SharedKeys.Endpoint(b));

    [Theory]
    [InlineData("https://vault.prod.example.internal:8200", "https://vault.prod.example.internal:8201")]
    [InlineData("https://vault.prod.example.internal", "http://vault.prod.example.internal")]
    [InlineData("https://vault.prod.example.internal", "https://vault.staging.example.internal")]
    public void Endpoint_WhenTwoServersDiffer_ShouldDiffer(string a, string b) =>
        Assert.NotEqual(SharedKeys.Endpoint(a), SharedKeys.Endpoint(b));

    [Theory]
    [InlineData("kv-prod", "/KV-Prod/")]
    [InlineData("kv-prod/data/x", "kv-prod//data/x")]
    public void VaultPath_WhenTwoSpellingsNameOnePath_ShouldBeEqual(string a, string b) =>
        Assert.Equal(SharedKeys.VaultPath(a), SharedKeys.VaultPath(b));

    [Fact]
    public void VaultAuthMount_ShouldLiveUnderAuth() =>
        Assert.Equal(SharedKeys.VaultPath("auth/jwt-ci-prod"), SharedKeys.VaultAuthMount("jwt-ci-prod"));

    [Theory]
    [InlineData("prod-approval", "Prod-Approval")]
    [InlineData("acrexampleprod.azurecr.io", "ACREXAMPLEPROD.azurecr.io.")]
    public void Name_ShouldIgnoreCase(string a, string b) =>
        Assert.Equal(SharedKeys.Name(a), SharedKeys.Name(b));
}
