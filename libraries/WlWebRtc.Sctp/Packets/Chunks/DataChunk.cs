using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets.Chunks;

/// <summary>DATA (RFC 9260 §3.3.1).</summary>
internal sealed record DataChunk(uint Tsn, ushort StreamId, ushort Ssn, uint Ppid, bool Unordered, bool Beginning, bool Ending, ReadOnlyMemory<byte> Payload) : IChunk
{
    public const int HeaderLength = 16;
    public const byte FlagEnding = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;

    public int Length => HeaderLength + Payload.Length;

    public byte Flags => (byte)((Unordered ? FlagUnordered : 0) | (Beginning ? FlagBeginning : 0) | (Ending ? FlagEnding : 0));

    public void WriteTo(Span<byte> destination) => Write(destination, Tsn, StreamId, Ssn, Ppid, Flags, Payload.Span);

    public static void Write(Span<byte> destination, uint tsn, ushort streamId, ushort ssn, uint ppid, byte flags, ReadOnlySpan<byte> payload)
    {
        SctpPacket.WriteChunkHeader(destination, ChunkType.Data, flags, HeaderLength + payload.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], ppid);
        payload.CopyTo(destination[HeaderLength..]);
    }

    /// <summary>Header fields of a DATA chunk value; the payload stays a slice of the packet.</summary>
    public static bool TryParseHeader(ReadOnlySpan<byte> value, out uint tsn, out ushort streamId, out ushort ssn, out uint ppid)
    {
        tsn = 0;
        streamId = 0;
        ssn = 0;
        ppid = 0;
        // A DATA chunk with no user data is a protocol violation (RFC 9260 §6.2): treat it as malformed.
        if (value.Length <= HeaderLength - SctpPacket.ChunkHeaderSize)
            return false;
        tsn = BinaryPrimitives.ReadUInt32BigEndian(value);
        streamId = BinaryPrimitives.ReadUInt16BigEndian(value[4..]);
        ssn = BinaryPrimitives.ReadUInt16BigEndian(value[6..]);
        ppid = BinaryPrimitives.ReadUInt32BigEndian(value[8..]);
        return true;
    }

    public static DataChunk? Parse(byte flags, ReadOnlySpan<byte> value)
    {
        if (!TryParseHeader(value, out var tsn, out var sid, out var ssn, out var ppid))
            return null;
        return new DataChunk(tsn, sid, ssn, ppid, (flags & FlagUnordered) != 0, (flags & FlagBeginning) != 0, (flags & FlagEnding) != 0,
            value[12..].ToArray());
    }
}
