namespace WlWebRtc.Transport;

/// <summary>A snapshot of one session's counters.</summary>
public sealed record PeerSessionStats
{
    /// <summary>Video frames sent.</summary>
    public long FramesSent { get; init; }

    /// <summary>Video frames dropped for this viewer (not connected, behind, waiting for a keyframe).</summary>
    public long FramesDropped { get; init; }

    /// <summary>RTP packets sent, retransmissions included.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes sent on the wire.</summary>
    public long BytesSent { get; init; }

    /// <summary>Packets retransmitted after NACKs.</summary>
    public long PacketsRetransmitted { get; init; }

    /// <summary>Forward error correction packets sent (ULPFEC in RED), when negotiated and configured.</summary>
    public long FecPacketsSent { get; init; }

    /// <summary>Bytes of forward error correction sent: its overhead, within <see cref="BytesSent"/>.</summary>
    public long FecBytesSent { get; init; }

    /// <summary>Empty retransmissions answering NACKs for FEC packets (FEC is not resent; the viewer still needs the sequence number).</summary>
    public long FecEmptyRetransmissions { get; init; }

    /// <summary>Probe clusters sent: bursts above the estimate (padding or media) to find out whether the path carries more.</summary>
    public long ProbeClusters { get; init; }

    /// <summary>Probe clusters whose feedback gave the path's rate.</summary>
    public long ProbeResults { get; init; }

    /// <summary>The rate the last probe result measured, in bits per second; null before the first.</summary>
    public long? LastProbeBitsPerSecond { get; init; }

    /// <summary>Whether the last probe filled the path: its rate is then the path's capacity rather than a lower bound.</summary>
    public bool LastProbeSaturated { get; init; }

    /// <summary>How long before this snapshot the last probe result came; null before the first.</summary>
    public TimeSpan? LastProbeAge { get; init; }

    /// <summary>Bytes of probe padding sent (the probing overhead, within <see cref="BytesSent"/>).</summary>
    public long PaddingBytesSent { get; init; }

    /// <summary>The minimum playout delay the viewer is asked for now: zero on a clean link, about a round trip on a lossy one.</summary>
    public TimeSpan PlayoutDelay { get; init; }

    /// <summary>Retransmissions sent twice because the viewer's link was very lossy.</summary>
    public long DuplicateRetransmissions { get; init; }

    /// <summary>Pacing and send of the last frame: from when it was queued for this viewer to its last packet sent; null if none yet.</summary>
    public TimeSpan? LastFramePacingDelay { get; init; }

    /// <summary>NACK messages received.</summary>
    public long NacksReceived { get; init; }

    /// <summary>PLI and FIR messages received.</summary>
    public long KeyframeRequestsReceived { get; init; }

    /// <summary>NACKed packets not resent because the retransmission budget was spent.</summary>
    public long RetransmissionsOverBudget { get; init; }

    /// <summary>NACKed sequence numbers ignored: beyond the per-message cap or the per-second budget.</summary>
    public long NackedSequencesDropped { get; init; }

    /// <summary>Congestion-control feedback messages not parsed: too large, or over the per-second budget.</summary>
    public long TransportFeedbackDropped { get; init; }

    /// <summary>PLI/FIR not passed on as a keyframe request: a repeated FIR, or within a round-trip time of the last one.</summary>
    public long KeyframeRequestsSuppressed { get; init; }

    /// <summary>Incoming packets dropped as malformed, forged or unexpected.</summary>
    public long MalformedPacketsDropped { get; init; }

    /// <summary>Round-trip time from receiver reports, if known.</summary>
    public TimeSpan? RoundTripTime { get; init; }

    /// <summary>Fraction of packets lost, 0..1, from the last receiver report.</summary>
    public double FractionLost { get; init; }

    /// <summary>Interarrival jitter reported by the viewer.</summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>Estimated bandwidth towards the viewer in bits per second (0 if none yet).</summary>
    public long EstimatedBandwidthBitsPerSecond { get; init; }
}
