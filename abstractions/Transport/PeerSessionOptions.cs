namespace WlWebRtc.Transport;

/// <summary>Per-session choices made by the host.</summary>
/// <param name="Id">The session id (used in logs, status and signaling resource URLs).</param>
public sealed record PeerSessionOptions(string Id)
{
    /// <summary>Whether the session offers a data channel for input and control messages.</summary>
    public bool EnableDataChannel { get; init; } = true;

    /// <summary>Initial bitrate hint for the bandwidth estimator, in bits per second.</summary>
    public int StartBitrateBitsPerSecond { get; init; } = 8_000_000;

    /// <summary>
    /// The server offers to a peer that answers (an egress such as a WHIP publisher): the session controls ICE with a
    /// full agent whatever the transport's ICE mode, and nominates.
    /// </summary>
    public bool Outbound { get; init; }

    /// <summary>STUN and TURN servers this session gathers through besides the transport's own (e.g. from a WHIP endpoint's Link headers).</summary>
    public IReadOnlyList<IceServer> IceServers { get; init; } = [];

    /// <summary>Which of its own candidates the session may use (full ICE only; <see cref="IceTransportPolicy.Relay"/> needs a TURN server).</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;
}
