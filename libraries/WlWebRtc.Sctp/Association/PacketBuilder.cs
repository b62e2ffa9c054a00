using WlWebRtc.Sctp.Packets;

namespace WlWebRtc.Sctp;

/// <summary>Bundles chunks into packets of at most the configured size and hands each finished packet to a sender.</summary>
internal sealed class PacketBuilder
{
    private readonly byte[] _buffer;
    private readonly Action<ReadOnlyMemory<byte>> _emit;
    private int _length;

    public PacketBuilder(int maxPacketSize, Action<ReadOnlyMemory<byte>> emit)
    {
        _buffer = new byte[maxPacketSize & ~3];
        _emit = emit;
    }

    public ushort SourcePort { get; set; }
    public ushort DestinationPort { get; set; }
    public uint VerificationTag { get; set; }

    public int MaxPacketSize => _buffer.Length;

    public bool IsEmpty => _length == 0;

    /// <summary>Room left for one more chunk (header included) in the current packet.</summary>
    public int Remaining => _buffer.Length - (_length == 0 ? SctpPacket.HeaderSize : SctpPacket.Padded(_length));

    /// <summary>Appends a chunk, emitting the current packet first if it does not fit. False if it fits no packet.</summary>
    public bool Add(IChunk chunk)
    {
        var length = chunk.Length;
        if (length > _buffer.Length - SctpPacket.HeaderSize)
            return false;
        if (length > Remaining)
            Flush();
        var at = Reserve(length);
        chunk.WriteTo(_buffer.AsSpan(at, length));
        return true;
    }

    /// <summary>Space for a chunk of <paramref name="length"/> bytes written by the caller; the caller checked <see cref="Remaining"/>.</summary>
    public Span<byte> AddRaw(int length)
    {
        if (length > Remaining)
            Flush();
        var at = Reserve(length);
        return _buffer.AsSpan(at, length);
    }

    public void Flush()
    {
        if (_length == 0)
            return;
        var padded = Math.Min(_buffer.Length, SctpPacket.Padded(_length));
        var packet = _buffer.AsSpan(0, padded);
        SctpPacket.WriteHeader(packet, SourcePort, DestinationPort, VerificationTag);
        SctpPacket.WriteChecksum(packet);
        _length = 0;
        _emit(_buffer.AsMemory(0, padded));
    }

    private int Reserve(int length)
    {
        int at;
        if (_length == 0)
        {
            at = SctpPacket.HeaderSize;
        }
        else
        {
            at = SctpPacket.Padded(_length);
        }
        // Zero the padding between chunks and after this one.
        _buffer.AsSpan(_length == 0 ? 0 : _length, Math.Min(_buffer.Length, SctpPacket.Padded(at + length)) - (_length == 0 ? 0 : _length)).Clear();
        _length = at + length;
        return at;
    }
}
