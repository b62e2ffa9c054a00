namespace WlWebRtc.Sctp;

/// <summary>A received DATA chunk waiting for the rest of its message; TSN unwrapped to 64 bits.</summary>
internal sealed record Fragment(long Tsn, ushort Ssn, uint Ppid, bool Beginning, bool Ending, byte[] Data);

/// <summary>A whole message ready for delivery.</summary>
internal sealed record InboundMessage(ushort StreamId, uint Ppid, byte[] Data);

/// <summary>Reassembly and ordering state of one incoming stream.</summary>
internal sealed class InboundStream
{
    public ushort NextSsn { get; set; }
    public SortedDictionary<long, Fragment> OrderedFragments { get; } = [];
    public SortedDictionary<long, Fragment> UnorderedFragments { get; } = [];
    public Dictionary<ushort, InboundMessage> ReadyOrdered { get; } = [];
}
