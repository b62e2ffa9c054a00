using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets.Chunks;

/// <summary>A gap ack block: TSNs CumulativeTsnAck+Start .. CumulativeTsnAck+End were received.</summary>
internal readonly record struct GapAckBlock(ushort Start, ushort End);

/// <summary>SACK (RFC 9260 §3.3.4).</summary>
internal sealed record SackChunk(uint CumulativeTsnAck, uint ARwnd, IReadOnlyList<GapAckBlock> GapBlocks, IReadOnlyList<uint> DuplicateTsns) : IChunk
{
    public int Length => 16 + 4 * GapBlocks.Count + 4 * DuplicateTsns.Count;

    public void WriteTo(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, ChunkType.Sack, 0, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ARwnd);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)GapBlocks.Count);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)DuplicateTsns.Count);
        var at = 16;
        foreach (var block in GapBlocks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[at..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(at + 2)..], block.End);
            at += 4;
        }
        foreach (var tsn in DuplicateTsns)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[at..], tsn);
            at += 4;
        }
    }

    public static SackChunk? Parse(ReadOnlySpan<byte> value)
    {
        if (value.Length < 12)
            return null;
        int gaps = BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        int dups = BinaryPrimitives.ReadUInt16BigEndian(value[10..]);
        if (value.Length < 12 + 4 * (gaps + dups))
            return null;
        var blocks = new GapAckBlock[gaps];
        var at = 12;
        for (var i = 0; i < gaps; i++, at += 4)
        {
            blocks[i] = new GapAckBlock(BinaryPrimitives.ReadUInt16BigEndian(value[at..]), BinaryPrimitives.ReadUInt16BigEndian(value[(at + 2)..]));
            if (blocks[i].Start == 0 || blocks[i].Start > blocks[i].End)
                return null;
        }
        var duplicates = new uint[dups];
        for (var i = 0; i < dups; i++, at += 4)
            duplicates[i] = BinaryPrimitives.ReadUInt32BigEndian(value[at..]);
        return new SackChunk(BinaryPrimitives.ReadUInt32BigEndian(value), BinaryPrimitives.ReadUInt32BigEndian(value[4..]), blocks, duplicates);
    }
}
