using System.Buffers.Binary;

namespace WlWebRtc.Sctp.Packets.Chunks;

/// <summary>A chunk whose value we carry as opaque bytes: COOKIE-ECHO (cookie), COOKIE-ACK, HEARTBEAT(-ACK) (info
/// parameter), ABORT and ERROR (causes), SHUTDOWN-ACK, SHUTDOWN-COMPLETE.</summary>
internal sealed record SimpleChunk(ChunkType Type, byte Flags, ReadOnlyMemory<byte> Value) : IChunk
{
    /// <summary>ABORT / SHUTDOWN-COMPLETE: the verification tag is the sender's own (RFC 9260 §8.5.1).</summary>
    public const byte FlagT = 0x01;

    public int Length => SctpPacket.ChunkHeaderSize + Value.Length;

    public void WriteTo(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, Type, Flags, Length);
        Value.Span.CopyTo(destination[SctpPacket.ChunkHeaderSize..]);
    }

    public static SimpleChunk Empty(ChunkType type, byte flags = 0) => new(type, flags, ReadOnlyMemory<byte>.Empty);

    /// <summary>Error cause codes (RFC 9260 §3.3.10) carried by our ABORTs.</summary>
    public const ushort CauseUserInitiatedAbort = 12;
    public const ushort CauseProtocolViolation = 13;

    /// <summary>An ABORT carrying one cause, "User-Initiated Abort" (12) unless told, with <paramref name="reason"/>.</summary>
    public static SimpleChunk Abort(string? reason, ushort cause = CauseUserInitiatedAbort)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(reason ?? "");
        if (text.Length > 1000)
            text = text[..1000];
        var value = new byte[SctpPacket.Padded(4 + text.Length)];
        BinaryPrimitives.WriteUInt16BigEndian(value, cause);
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(2), (ushort)(4 + text.Length));
        text.CopyTo(value, 4);
        return new SimpleChunk(ChunkType.Abort, 0, value.AsMemory(0, 4 + text.Length));
    }
}

/// <summary>SHUTDOWN (RFC 9260 §3.3.8).</summary>
internal sealed record ShutdownChunk(uint CumulativeTsnAck) : IChunk
{
    public int Length => 8;

    public void WriteTo(Span<byte> destination)
    {
        SctpPacket.WriteChunkHeader(destination, ChunkType.Shutdown, 0, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
    }

    public static ShutdownChunk? Parse(ReadOnlySpan<byte> value) =>
        value.Length < 4 ? null : new ShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(value));
}
