namespace WlWebRtc.Transport;

/// <summary>
/// A role a started transport may take: how viewers can reach it now, for <c>wlwebrtc status</c> (its addresses, its
/// ICE mode, what its STUN and TURN checks found at start).
/// </summary>
public interface IReachabilityReport
{
    /// <summary>One line for people, e.g. "local 192.168.1.5; ICE full; mapped 203.0.113.7:50000 via stun:… (behind NAT)".</summary>
    string Reachability { get; }
}
