namespace WlWebRtc.Sctp;

/// <summary>A message queued for sending; fragmented as it goes out.</summary>
internal sealed class OutgoingMessage
{
    public required ushort StreamId { get; init; }
    public required uint Ppid { get; init; }
    public required byte[] Data { get; init; }
    public required bool Unordered { get; init; }
    public int? MaxRetransmits { get; init; }
    /// <summary>TimeProvider timestamp after which the message is abandoned; null = reliable in time.</summary>
    public long? ExpiresAt { get; init; }
    public DataChannel? Channel { get; init; }

    /// <summary>Bytes already cut into DATA chunks.</summary>
    public int Offset { get; set; }
    public ushort Ssn { get; set; }
    public bool SsnAssigned { get; set; }
    public bool Abandoned { get; set; }
    /// <summary>Bytes not yet acknowledged (counted in the send buffer and the channel's BufferedAmount).</summary>
    public long Unacknowledged { get; set; }
    public uint LastTsn { get; set; }
}

/// <summary>A DATA chunk sent and not yet cumulatively acknowledged.</summary>
internal sealed class SentChunk
{
    public required uint Tsn { get; init; }
    public required OutgoingMessage Message { get; init; }
    public required int Offset { get; init; }
    public required int Length { get; init; }
    public required bool Beginning { get; init; }
    public required bool Ending { get; init; }
    public long SentAt { get; set; }
    public int Transmissions { get; set; }
    public bool GapAcked { get; set; }
    public bool InFlight { get; set; }
    public bool MarkedForRetransmit { get; set; }
    public int MissIndications { get; set; }
    public bool FastRetransmitted { get; set; }
    public bool Abandoned { get; set; }
}
