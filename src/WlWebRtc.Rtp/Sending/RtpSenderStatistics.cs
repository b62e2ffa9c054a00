namespace WlWebRtc.Rtp.Sending;

/// <summary>A snapshot of one video sender's counters (maps onto PeerSessionStats).</summary>
public sealed record RtpSenderStatistics
{
    public long FramesSent { get; init; }

    public long PacketsSent { get; init; }

    public long BytesSent { get; init; }

    public long PacketsRetransmitted { get; init; }

    public long NacksReceived { get; init; }

    public long KeyframeRequestsReceived { get; init; }

    public long MalformedPacketsDropped { get; init; }

    public TimeSpan? RoundTripTime { get; init; }

    public double FractionLost { get; init; }

    public TimeSpan? Jitter { get; init; }

    public long EstimatedBandwidthBitsPerSecond { get; init; }
}
