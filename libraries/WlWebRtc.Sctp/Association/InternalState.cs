namespace WlWebRtc.Sctp;

/// <summary>RFC 9260 §4 association states.</summary>
internal enum InternalState
{
    Closed,
    CookieWait,
    CookieEchoed,
    Established,
    ShutdownPending,
    ShutdownSent,
    ShutdownReceived,
    ShutdownAckSent,
}
