namespace WlWebRtc.Sctp;

/// <summary>Mutable counters, changed under the association lock and copied into <see cref="SctpStatistics"/>.</summary>
internal sealed class Counters
{
    public long PacketsReceived;
    public long PacketsSent;
    public long PacketsDropped;
    public long ChecksumErrors;
    public long MalformedPackets;
    public long OutOfStatePackets;
    public long WrongVerificationTag;
    public long UnknownChunks;
    public long DataChunksReceived;
    public long DuplicateTsns;
    public long Retransmissions;
    public long FastRetransmissions;
    public long MessagesSent;
    public long MessagesReceived;
    public long MessagesAbandoned;
    public long MessagesDropped;
    public long ProcessingErrors;
    public long DataChunksRefused;
    public long ProtocolViolations;
    public long ReceiveBufferedPeakBytes;

    public SctpStatistics Snapshot() => new()
    {
        PacketsReceived = PacketsReceived,
        PacketsSent = PacketsSent,
        PacketsDropped = PacketsDropped,
        ChecksumErrors = ChecksumErrors,
        MalformedPackets = MalformedPackets,
        OutOfStatePackets = OutOfStatePackets,
        WrongVerificationTag = WrongVerificationTag,
        UnknownChunks = UnknownChunks,
        DataChunksReceived = DataChunksReceived,
        DuplicateTsns = DuplicateTsns,
        Retransmissions = Retransmissions,
        FastRetransmissions = FastRetransmissions,
        MessagesSent = MessagesSent,
        MessagesReceived = MessagesReceived,
        MessagesAbandoned = MessagesAbandoned,
        MessagesDropped = MessagesDropped,
        ProcessingErrors = ProcessingErrors,
        DataChunksRefused = DataChunksRefused,
        ProtocolViolations = ProtocolViolations,
        ReceiveBufferedPeakBytes = ReceiveBufferedPeakBytes,
    };
}
