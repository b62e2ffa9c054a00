namespace WlWebRtc.Sctp;

/// <summary>Serial-number arithmetic on 32-bit TSNs and 16-bit SSNs (RFC 1982).</summary>
internal static class Tsn
{
    public static bool Lt(uint a, uint b) => (int)(a - b) < 0;
    public static bool Le(uint a, uint b) => (int)(a - b) <= 0;
    public static bool Gt(uint a, uint b) => (int)(a - b) > 0;
    public static bool Ge(uint a, uint b) => (int)(a - b) >= 0;
    public static bool SsnGe(ushort a, ushort b) => (short)(a - b) >= 0;
}
