using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Infra.Access.Rules.Kubernetes;

/// <summary>
/// Measures the addresses a set of CIDR blocks reaches, IPv4 and IPv6, instead of matching their text.
/// A block is refused when it is broader than the floor, when it touches link-local or a cloud
/// metadata address, or when it is an IPv6 block that carries IPv4 addresses (mapped, translated,
/// 6to4, Teredo): those reach IPv4 hosts through the back door, so they must be written as IPv4.
/// A set is refused when its blocks together cover more than the budget, however they are cut.
/// </summary>
public static class NetworkReach
{
    /// <summary>Broadest single IPv4 block: /16 (65,536 addresses, an Azure virtual network's usual size).</summary>
    public const int Ipv4Floor = 16;

    /// <summary>Broadest single IPv6 block: /48 (one site).</summary>
    public const int Ipv6Floor = 48;

    /// <summary>Most IPv4 addresses one direction of one policy may reach: four /16 blocks.</summary>
    public static readonly UInt128 Ipv4Budget = (UInt128)1 << 18;

    /// <summary>Most IPv6 addresses one direction of one policy may reach: sixteen /48 blocks.</summary>
    public static readonly UInt128 Ipv6Budget = (UInt128)1 << 84;

    /// <summary>Blocks no flow may touch: link-local and the metadata endpoints of the clouds a cluster runs in.</summary>
    public static ImmutableArray<(string Block, string Why)> Forbidden { get; } =
    [
        ("169.254.0.0/16", "link-local, where cloud metadata endpoints answer (169.254.169.254: Azure IMDS, AWS, GCP)"),
        ("168.63.129.16/32", "the Azure WireServer (host agent, DNS, health probes)"),
        ("100.100.100.200/32", "the Alibaba Cloud metadata endpoint"),
        ("fe80::/10", "IPv6 link-local"),
        ("fd00:ec2::254/128", "the AWS IPv6 metadata endpoint"),
        ("fd20:ce::254/128", "the Google Cloud IPv6 metadata endpoint"),
    ];

    /// <summary>IPv6 prefixes whose addresses carry an IPv4 address that a node, NAT64 or relay delivers to.</summary>
    public static ImmutableArray<(string Block, string Why)> Ipv4Carriers { get; } =
    [
        ("::ffff:0:0/96", "IPv4-mapped"),
        ("::/96", "IPv4-compatible"),
        ("::ffff:0:0:0/96", "IPv4-translated (SIIT)"),
        ("64:ff9b::/96", "NAT64"),
        ("64:ff9b:1::/48", "local NAT64"),
        ("2002::/16", "6to4"),
        ("2001::/32", "Teredo"),
    ];

    private static readonly ImmutableArray<(Block Block, string Why)> ForbiddenBlocks = [.. Forbidden.Select(f => (Parse(f.Block)!.Value, f.Why))];
    private static readonly ImmutableArray<(Block Block, string Why)> CarrierBlocks = [.. Ipv4Carriers.Select(f => (Parse(f.Block)!.Value, f.Why))];

    /// <summary>Why <paramref name="cidr"/> may not be a peer, or null when it may.</summary>
    public static string? Refusal(string cidr)
    {
        ArgumentNullException.ThrowIfNull(cidr);
        if (Parse(cidr) is not { } block)
        {
            return "is not a CIDR block with zero host bits";
        }

        var floor = block.IsV6 ? Ipv6Floor : Ipv4Floor;
        if (block.Prefix < floor)
        {
            return string.Create(CultureInfo.InvariantCulture, $"is broader than /{floor}, the broadest block an {(block.IsV6 ? "IPv6" : "IPv4")} peer may name");
        }

        foreach (var (forbidden, why) in ForbiddenBlocks)
        {
            if (block.Overlaps(forbidden))
            {
                return $"overlaps {forbidden.Text}: {why}";
            }
        }

        if (block.IsV6)
        {
            foreach (var (carrier, why) in CarrierBlocks)
            {
                if (block.Overlaps(carrier))
                {
                    return $"overlaps {carrier.Text} ({why}): it reaches IPv4 addresses; write the IPv4 block";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Why the blocks together reach too much, or null. Overlapping blocks count once, so splitting
    /// the internet into many small blocks is measured the same as naming it in one.
    /// </summary>
    public static string? UnionRefusal(IEnumerable<string> cidrs)
    {
        ArgumentNullException.ThrowIfNull(cidrs);
        var blocks = cidrs.Select(Parse).OfType<Block>().ToList();
        foreach (var v6 in new[] { false, true })
        {
            var covered = Covered(blocks.Where(b => b.IsV6 == v6));
            var budget = v6 ? Ipv6Budget : Ipv4Budget;
            if (covered > budget)
            {
                return v6
                    ? string.Create(CultureInfo.InvariantCulture, $"together cover {Describe(covered, 128)} IPv6 addresses, more than sixteen /{Ipv6Floor} blocks")
                    : string.Create(CultureInfo.InvariantCulture, $"together cover {covered} IPv4 addresses, more than {Ipv4Budget} (four /{Ipv4Floor} blocks)");
            }
        }

        return null;
    }

    /// <summary>The number of distinct addresses of <paramref name="blocks"/> (one family).</summary>
    private static UInt128 Covered(IEnumerable<Block> blocks)
    {
        UInt128 total = 0;
        UInt128? end = null;
        foreach (var block in blocks.OrderBy(b => b.First))
        {
            if (end is { } e && block.First <= e)
            {
                if (block.Last > e)
                {
                    total += block.Last - e;
                    end = block.Last;
                }

                continue;
            }

            // A whole family (::/0) is 2^128 addresses: one more than UInt128 holds, so saturate.
            var size = block.Last - block.First;
            total = size == UInt128.MaxValue || total > UInt128.MaxValue - size - 1 ? UInt128.MaxValue : total + size + 1;
            end = block.Last;
        }

        return total;
    }

    private static string Describe(UInt128 count, int bits)
    {
        var log = bits - (int)UInt128.LeadingZeroCount(count) - 1;
        return string.Create(CultureInfo.InvariantCulture, $"about 2^{Math.Max(log, 0)}");
    }

    /// <summary>A parsed block, or null when the text is not a CIDR block whose host bits are zero.</summary>
    internal static Block? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return null;
        }

        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var bits = v6 ? 128 : 32;
        if (prefix > bits || (v6 && address.ScopeId != 0))
        {
            return null;
        }

        UInt128 value = 0;
        foreach (var b in address.GetAddressBytes())
        {
            value = (value << 8) | b;
        }

        var hostBits = bits - prefix;
        var hostMask = hostBits == 128 ? UInt128.MaxValue : ((UInt128)1 << hostBits) - 1;
        return (value & hostMask) != 0 ? null : new Block(v6, value, value | hostMask, prefix, text);
    }

    /// <summary>One block as the first and last address it holds.</summary>
    internal readonly record struct Block(bool IsV6, UInt128 First, UInt128 Last, int Prefix, string Text)
    {
        public bool Overlaps(Block other) => IsV6 == other.IsV6 && First <= other.Last && other.First <= Last;
    }
}
