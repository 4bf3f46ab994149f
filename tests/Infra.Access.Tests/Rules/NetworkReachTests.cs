using Infra.Access.Rules.Kubernetes;

namespace Infra.Access.Tests.Rules;

/// <summary>CIDR peers are measured as address ranges: the attacker's spellings of "everywhere" and of the metadata endpoint are refused.</summary>
public sealed class NetworkReachTests
{
    [Theory]
    [InlineData("0.0.0.0/1", "broader than /16")]
    [InlineData("10.0.0.0/15", "broader than /16")]
    [InlineData("2001:db8::/47", "broader than /48")]
    [InlineData("169.254.169.254/32", "overlaps 169.254.0.0/16")]
    [InlineData("169.254.0.0/16", "overlaps 169.254.0.0/16")]
    [InlineData("169.254.170.0/24", "overlaps 169.254.0.0/16")]
    [InlineData("168.63.129.16/32", "Azure WireServer")]
    [InlineData("168.63.0.0/16", "Azure WireServer")]
    [InlineData("100.100.100.200/32", "Alibaba")]
    [InlineData("fe80::/64", "overlaps fe80::/10")]
    [InlineData("fd00:ec2::254/128", "AWS")]
    [InlineData("fd00:ec2::/48", "AWS")]
    [InlineData("fd20:ce::254/128", "Google")]
    [InlineData("::ffff:169.254.169.254/128", "IPv4-mapped")]
    [InlineData("::ffff:a9fe:a9fe/128", "IPv4-mapped")]
    [InlineData("::ffff:0:0/96", "IPv4-mapped")]
    [InlineData("::/64", "reaches IPv4 addresses")]
    [InlineData("::a9fe:a9fe/128", "IPv4-compatible")]
    [InlineData("::ffff:0:a9fe:a9fe/128", "IPv4-translated")]
    [InlineData("64:ff9b::a9fe:a9fe/128", "NAT64")]
    [InlineData("64:ff9b:1::/48", "local NAT64")]
    [InlineData("2002:a9fe:a9fe::/48", "6to4")]
    [InlineData("2001:0:a9fe::/48", "Teredo")]
    [InlineData("10.0.0.1/24", "host bits")]
    [InlineData("fe80::1%eth0/128", "not a CIDR block")]
    public void Refusal_WhenBlockIsBroadOrReachesMetadata_ShouldSayWhy(string cidr, string fragment) =>
        Assert.Contains(fragment, NetworkReach.Refusal(cidr), StringComparison.Ordinal);

    [Theory]
    [InlineData("10.50.32.0/24")]
    [InlineData("10.50.0.0/16")]
    [InlineData("10.50.40.10/32")]
    [InlineData("140.82.112.0/20")]
    [InlineData("169.253.255.0/24")]
    [InlineData("169.255.0.0/16")]
    [InlineData("fd12:3456:789a::/48")]
    [InlineData("2001:db8:1::/48")]
    [InlineData("2001:1::/48")]
    public void Refusal_WhenBlockIsNarrowAndOrdinary_ShouldAllowIt(string cidr) =>
        Assert.Null(NetworkReach.Refusal(cidr));

    [Theory]
    [InlineData("10.1.0.0/16,10.2.0.0/16,10.3.0.0/16,10.4.0.0/16,10.5.0.0/16", "327680 IPv4 addresses")]
    [InlineData("0.0.0.0/1,128.0.0.0/1", "4294967296 IPv4 addresses")]
    [InlineData("2001:db8:1::/48,2001:db8:2::/48,2001:db8:3::/48,2001:db8:4::/48,2001:db8:5::/48,2001:db8:6::/48,2001:db8:7::/48,2001:db8:8::/48,2001:db8:9::/48,2001:db8:a::/48,2001:db8:b::/48,2001:db8:c::/48,2001:db8:d::/48,2001:db8:e::/48,2001:db8:f::/48,2001:db8:10::/48,2001:db8:11::/48", "IPv6 addresses")]
    [InlineData("::/1,8000::/1", "about 2^127")]
    public void UnionRefusal_WhenBlocksTogetherReachTooMuch_ShouldRefuse(string cidrs, string fragment) =>
        Assert.Contains(fragment, NetworkReach.UnionRefusal(cidrs.Split(',')), StringComparison.Ordinal);

    [Theory]
    [InlineData("10.1.0.0/16,10.2.0.0/16,10.3.0.0/16,10.4.0.0/16")]
    [InlineData("10.1.0.0/16,10.1.0.0/16,10.1.128.0/17,10.2.0.0/16,10.3.0.0/16,10.4.0.0/16")]
    [InlineData("10.1.0.0/16,10.2.0.0/16,10.3.0.0/16,10.4.0.0/16,2001:db8:1::/48")]
    public void UnionRefusal_WhenOverlapsCountOnce_ShouldAllowFourBlocks(string cidrs) =>
        Assert.Null(NetworkReach.UnionRefusal(cidrs.Split(',')));
}
