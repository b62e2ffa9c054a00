namespace WlWebRtc.Rtp.Sending;

/// <summary>A snapshot of one video sender's counters (maps onto PeerSessionStats).</summary>
public sealed record RtpSenderStatistics
{
    public long FramesSent { get; init; }

    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    public long PacketsRetransmitted { get; init; }

    /// <summary>Probe padding packets sent (recent packets again over RTX, to measure the path above the estimate).</summary>
    public long PaddingPacketsSent { get; init; }

    /// <summary>Probe padding bytes sent (the probing overhead).</summary>
    public long PaddingBytesSent { get; init; }

    /// <summary>ULPFEC packets sent (in RED).</summary>
    public long FecPacketsSent { get; init; }

    /// <summary>Bytes of ULPFEC packets sent, SRTP included (the FEC overhead; the RED byte on media is not counted).</summary>
    public long FecBytesSent { get; init; }

    /// <summary>
    /// Empty retransmissions sent for NACKed FEC packets (FEC is not resent, but the viewer must account for its
    /// sequence number before it assembles the next H.264 frame).
    /// </summary>
    public long EmptyRetransmissions { get; init; }

    /// <summary>The minimum playout delay the viewer is asked for now (raised on a lossy link by the adaptive policy).</summary>
    public TimeSpan PlayoutDelayMin { get; init; }

    /// <summary>Times the adaptive playout-delay policy moved between a clean and a lossy link.</summary>
    public long PlayoutDelaySwitches { get; init; }

    /// <summary>Retransmissions sent a second time because the windowed loss was high (RetransmitTwiceLoss).</summary>
    public long DuplicateRetransmissions { get; init; }

    /// <summary>Probe clusters started.</summary>
    public int ProbeClusters { get; init; }

    /// <summary>Probe clusters whose feedback gave a result.</summary>
    public int ProbeResults { get; init; }

    /// <summary>The rate the last probe result measured, in bits per second; null before the first.</summary>
    public long? LastProbeBitsPerSecond { get; init; }

    /// <summary>Whether the last probe filled the path (its rate is then the path's capacity, not a lower bound).</summary>
    public bool LastProbeSaturated { get; init; }

    /// <summary>How long ago the last probe result came; null before the first.</summary>
    public TimeSpan? LastProbeAge { get; init; }

    /// <summary>NACKed packets no longer in the history (each such NACK asks for a keyframe, rate-limited).</summary>
    public long NacksForDiscardedPackets { get; init; }

    /// <summary>Bytes sent as retransmissions (within the retransmission budget).</summary>
    public long BytesRetransmitted { get; init; }

    /// <summary>NACKed packets not resent because the retransmission budget was spent.</summary>
    public long RetransmissionsOverBudget { get; init; }

    /// <summary>NACKed packets not resent because they were resent less than a round-trip time ago.</summary>
    public long RetransmissionsRepeated { get; init; }

    /// <summary>NACKed sequence numbers ignored: beyond the per-datagram cap or the per-second budget.</summary>
    public long NackedSequencesDropped { get; init; }

    /// <summary>Transport-wide-cc messages not parsed: too many statuses, or over the per-second budget.</summary>
    public long TransportFeedbackDropped { get; init; }

    /// <summary>PLI/FIR not surfaced as a keyframe request: a repeated FIR, or within a round-trip time of the last one.</summary>
    public long KeyframeRequestsSuppressed { get; init; }

    /// <summary>Authenticated SRTCP from new SSRCs beyond the number of remote SSRCs tracked.</summary>
    public long RtcpFromExcessSsrcsDropped { get; init; }

    public long NacksReceived { get; init; }

    public long KeyframeRequestsReceived { get; init; }

    public long MalformedPacketsDropped { get; init; }

    public TimeSpan? RoundTripTime { get; init; }

    public double FractionLost { get; init; }

    public TimeSpan? Jitter { get; init; }

    public long EstimatedBandwidthBitsPerSecond { get; init; }
}
