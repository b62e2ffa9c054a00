using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets;

/// <summary>The SCTP common header (RFC 9260 §3.1) and the packet-level checksum.</summary>
internal static class SctpPacket
{
    public const int HeaderSize = 12;
    public const int ChunkHeaderSize = 4;

    public static ushort SourcePort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet);

    public static ushort DestinationPort(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint VerificationTag(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);

    /// <summary>True when the CRC32c over the packet (checksum field taken as zero) matches the field.
    /// The field holds the CRC in little-endian byte order, as Linux, usrsctp and aiortc write it.</summary>
    public static bool HasValidChecksum(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < HeaderSize)
            return false;
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(packet[8..]);
        Span<byte> zero = stackalloc byte[4];
        zero.Clear();
        var crc = Crc32c.Update(0xFFFFFFFF, packet[..8]);
        crc = Crc32c.Update(crc, zero);
        crc = Crc32c.Update(crc, packet[HeaderSize..]);
        return ~crc == stored;
    }

    public static void WriteHeader(Span<byte> packet, ushort sourcePort, ushort destinationPort, uint verificationTag)
    {
        BinaryPrimitives.WriteUInt16BigEndian(packet, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], verificationTag);
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], 0);
    }

    /// <summary>Fills in the checksum of a complete packet.</summary>
    public static void WriteChecksum(Span<byte> packet)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(packet[8..], Crc32c.Compute(packet));
    }

    public static int Padded(int length) => (length + 3) & ~3;

    public static void WriteChunkHeader(Span<byte> destination, ChunkType type, byte flags, int length)
    {
        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
    }
}

/// <summary>One chunk as found in a packet: type, flags and value (without header or padding).</summary>
internal readonly ref struct RawChunk
{
    public RawChunk(byte type, byte flags, ReadOnlySpan<byte> value)
    {
        Type = type;
        Flags = flags;
        Value = value;
    }

    public byte Type { get; }
    public byte Flags { get; }
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>Walks the chunks after the common header; stops and sets <see cref="Malformed"/> on a bad length.</summary>
internal ref struct ChunkReader
{
    private ReadOnlySpan<byte> _rest;

    public ChunkReader(ReadOnlySpan<byte> chunks)
    {
        _rest = chunks;
        Current = default;
        Malformed = false;
    }

    public RawChunk Current { get; private set; }
    public bool Malformed { get; private set; }

    public bool MoveNext()
    {
        if (_rest.IsEmpty)
            return false;
        if (_rest.Length < SctpPacket.ChunkHeaderSize)
        {
            Malformed = true;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(_rest[2..]);
        if (length < SctpPacket.ChunkHeaderSize || length > _rest.Length)
        {
            Malformed = true;
            return false;
        }
        Current = new RawChunk(_rest[0], _rest[1], _rest[SctpPacket.ChunkHeaderSize..length]);
        _rest = _rest[Math.Min(_rest.Length, SctpPacket.Padded(length))..];
        return true;
    }
}

/// <summary>A chunk we can serialise.</summary>
internal interface IChunk
{
    /// <summary>Length including the chunk header, without trailing padding.</summary>
    int Length { get; }

    /// <summary>Writes header and value (not the padding) into <paramref name="destination"/>.</summary>
    void WriteTo(Span<byte> destination);
}
