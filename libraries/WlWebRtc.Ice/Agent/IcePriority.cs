using System.Globalization;
using System.Net;
using System.Text;

namespace WlWebRtc.Ice.Agent;

/// <summary>The priority formulas of RFC 8445 sections 5.1.2 and 6.1.2.3, and foundations (section 5.1.1.3).</summary>
public static class IcePriority
{
    /// <summary>The recommended type preferences: host 126, peer-reflexive 110, server-reflexive 100, relayed 0.</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    /// <summary>priority = 2^24 * type preference + 2^8 * local preference + (256 - component id).</summary>
    public static uint Candidate(IceCandidateType type, ushort localPreference, int component)
    {
        if (component is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(component), component, "A component id is 1-256.");
        }

        return (uint)((TypePreference(type) << 24) + (localPreference << 8) + (256 - component));
    }

    /// <summary>pair priority = 2^32 * MIN(G,D) + 2 * MAX(G,D) + (G > D ? 1 : 0), G the controlling agent's candidate priority.</summary>
    public static ulong Pair(uint controlling, uint controlled) =>
        ((ulong)Math.Min(controlling, controlled) << 32) + (2UL * Math.Max(controlling, controlled)) + (controlling > controlled ? 1UL : 0UL);

    /// <summary>
    /// Candidates share a foundation when they have the same type, base address, server and transport (section
    /// 5.1.1.3); a short hash of those is unique enough and reveals nothing.
    /// </summary>
    public static string Foundation(IceCandidateType type, IPAddress baseAddress, IPAddress? server)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        var key = $"{type}|{baseAddress}|{server}|udp";
        return System.IO.Hashing.Crc32.HashToUInt32(Encoding.UTF8.GetBytes(key)).ToString(CultureInfo.InvariantCulture);
    }
}
