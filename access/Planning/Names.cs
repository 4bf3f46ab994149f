using System.Security.Cryptography;
using System.Text;

namespace Infra.Access.Planning;

/// <summary>
/// Derived names: stable, lower-case, within a length limit. A name too long keeps a readable
/// prefix and ends in a hash of the whole, so two long names never collide and never change.
/// </summary>
public static class Names
{
    public const int KubernetesMax = 63;

    public static string Derive(int max, params ReadOnlySpan<string> parts)
    {
        // The planner derives several names per stage: joining the span directly spares an array and an iterator per name.
        var full = parts.Contains("") ? string.Join("-", NonEmpty(parts)) : string.Join('-', parts);
        if (full.Length <= max)
        {
            return full;
        }

        var hash = Hash(full)[..8];
        return full[..(max - 9)].TrimEnd('-', '.') + "-" + hash;
    }

    /// <summary>A GUID derived from <paramref name="seed"/>: Azure wants GUID names that stay put across runs.</summary>
    public static string StableGuid(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5 layout: a name-based UUID
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    private static List<string> NonEmpty(ReadOnlySpan<string> parts)
    {
        var kept = new List<string>(parts.Length);
        foreach (var part in parts)
        {
            if (part.Length > 0)
            {
                kept.Add(part);
            }
        }

        return kept;
    }

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
