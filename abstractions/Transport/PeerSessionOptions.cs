namespace WlWebRtc.Transport;

/// <summary>Per-session choices made by the host.</summary>
/// <param name="Id">The session id (used in logs, status and signaling resource URLs).</param>
public sealed record PeerSessionOptions(string Id)
{
    /// <summary>Whether the session offers a data channel for input and control messages.</summary>
    public bool EnableDataChannel { get; init; } = true;

    /// <summary>Initial bitrate hint for the bandwidth estimator, in bits per second.</summary>
    public int StartBitrateBitsPerSecond { get; init; } = 8_000_000;
}
