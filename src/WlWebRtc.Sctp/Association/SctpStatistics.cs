namespace WlWebRtc.Sctp;

/// <summary>Counters of one association, read at one moment.</summary>
public readonly record struct SctpStatistics
{
    public long PacketsReceived { get; init; }
    public long PacketsSent { get; init; }
    /// <summary>Packets dropped for any reason (sum of the reasons below and others such as a wrong verification tag).</summary>
    public long PacketsDropped { get; init; }
    public long ChecksumErrors { get; init; }
    public long MalformedPackets { get; init; }
    public long OutOfStatePackets { get; init; }
    public long WrongVerificationTag { get; init; }
    public long UnknownChunks { get; init; }
    public long DataChunksReceived { get; init; }
    public long DuplicateTsns { get; init; }
    public long Retransmissions { get; init; }
    public long FastRetransmissions { get; init; }
    public long MessagesSent { get; init; }
    public long MessagesReceived { get; init; }
    /// <summary>Outgoing messages given up under partial reliability.</summary>
    public long MessagesAbandoned { get; init; }
    /// <summary>Incoming messages dropped (too large, unknown stream, bad DCEP).</summary>
    public long MessagesDropped { get; init; }
    /// <summary>Unexpected internal failures while processing a packet (a bug if ever non-zero); the packet was dropped.</summary>
    public long ProcessingErrors { get; init; }
}
