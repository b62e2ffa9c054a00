using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets.Chunks;

internal readonly record struct SkippedStream(ushort StreamId, ushort Ssn);

/// <summary>FORWARD-TSN (RFC 3758 §3.2).</summary>
internal sealed record ForwardTsnChunk(uint NewCumulativeTsn, IReadOnlyList<SkippedStream> Streams) : IChunk
{
    public int Length => 8 + 4 * Streams.Count;

    public void WriteTo(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, ChunkType.ForwardTsn, 0, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], NewCumulativeTsn);
        var at = 8;
        foreach (var s in Streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], s.StreamId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], s.Ssn);
            at += 4;
        }
    }

    public static ForwardTsnChunk? Parse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4)
            return null;
        var count = (value.Length - 4) / 4;
        var streams = new SkippedStream[count];
        for (var i = 0; i < count; i++)
            streams[i] = new SkippedStream(BinaryPrimitives.ReadUInt16BigEndian(value[(4 + 4 * i)..]), BinaryPrimitives.ReadUInt16BigEndian(value[(6 + 4 * i)..]));
        return new ForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(value), streams);
    }
}
