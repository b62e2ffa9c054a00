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
    /// <summary>Incoming messages dropped (unknown stream, bad DCEP, fragments that cannot complete).</summary>
    public long MessagesDropped { get; init; }
    /// <summary>Unexpected internal failures while processing a packet (a bug if ever non-zero); the packet was dropped.</summary>
    public long ProcessingErrors { get; init; }
    /// <summary>DATA chunks dropped unacknowledged for want of room (window full, TSN too far ahead, too many streams
    /// with partial messages); a sender that honours the window retransmits them.</summary>
    public long DataChunksRefused { get; init; }
    /// <summary>Times the association was aborted for the peer breaking the protocol (window ignored, message larger
    /// than max-message-size, fragments out of sequence).</summary>
    public long ProtocolViolations { get; init; }
    /// <summary>Incoming bytes held now (fragments of partial messages, ordered messages waiting for an earlier one).</summary>
    public long ReceiveBufferedBytes { get; init; }
    /// <summary>The most incoming bytes ever held at once.</summary>
    public long ReceiveBufferedPeakBytes { get; init; }
}
