namespace WlWebRtc.Rtp.Sending;

/// <summary>What an incoming RTCP datagram contained, as far as the host needs to act on it.</summary>
[Flags]
public enum RtcpEvents
{
    /// <summary>Nothing to act on.</summary>
    None = 0,

    /// <summary>PLI or FIR for our SSRC: ask the encoder for a keyframe.</summary>
    KeyframeRequested = 1,

    /// <summary>The bandwidth estimate changed.</summary>
    BandwidthEstimateChanged = 2,

    /// <summary>A receiver report updated loss, jitter or RTT.</summary>
    ReceiverReport = 4,

    /// <summary>A NACK was answered with retransmissions.</summary>
    Nack = 8,

    /// <summary>The viewer sent BYE.</summary>
    Bye = 16,

    /// <summary>The datagram was dropped: malformed, forged or replayed.</summary>
    Dropped = 32,
}
