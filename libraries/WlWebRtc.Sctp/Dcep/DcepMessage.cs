using System.Buffers.Binary;
using System.Text;

namespace WlWebRtc.Sctp.Dcep;

/// <summary>Payload protocol identifiers of WebRTC data channels (RFC 8831 §8).</summary>
internal static class Ppid
{
    public const uint Dcep = 50;
    public const uint String = 51;
    public const uint Binary = 53;
    public const uint StringEmpty = 56;
    public const uint BinaryEmpty = 57;
    // Deprecated partial PPIDs (52, 54) are not sent by browsers today; they are dropped as unknown.
}

/// <summary>DATA_CHANNEL_OPEN (RFC 8832 §5.1).</summary>
internal sealed record DcepOpen(byte ChannelType, ushort Priority, uint ReliabilityParameter, string Label, string Protocol)
{
    public const byte MessageType = 0x03;
    public const byte AckMessageType = 0x02;

    public const byte Reliable = 0x00;
    public const byte PartialReliableRexmit = 0x01;
    public const byte PartialReliableTimed = 0x02;
    public const byte UnorderedBit = 0x80;

    public bool Unordered => (ChannelType & UnorderedBit) != 0;

    public static DcepOpen FromOptions(string label, DataChannelOptions options)
    {
        byte type = options.MaxRetransmits is not null ? PartialReliableRexmit : options.MaxPacketLifetime is not null ? PartialReliableTimed : Reliable;
        if (!options.Ordered)
            type |= UnorderedBit;
        var parameter = options.MaxRetransmits is { } r ? (uint)r : options.MaxPacketLifetime is { } t ? (uint)t.TotalMilliseconds : 0;
        return new DcepOpen(type, (ushort)options.Priority, parameter, label, options.Protocol);
    }

    public DataChannelOptions ToOptions(ushort streamId) => new()
    {
        Ordered = !Unordered,
        MaxRetransmits = (ChannelType & 0x7F) == PartialReliableRexmit ? (int)Math.Min(ReliabilityParameter, int.MaxValue) : null,
        MaxPacketLifetime = (ChannelType & 0x7F) == PartialReliableTimed ? TimeSpan.FromMilliseconds(ReliabilityParameter) : null,
        Protocol = Protocol,
        Priority = Priority,
        StreamId = streamId,
    };

    public byte[] Serialize()
    {
        var label = Encoding.UTF8.GetBytes(Label);
        var protocol = Encoding.UTF8.GetBytes(Protocol);
        var buffer = new byte[12 + label.Length + protocol.Length];
        buffer[0] = MessageType;
        buffer[1] = ChannelType;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), Priority);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ReliabilityParameter);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(8), (ushort)label.Length);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(10), (ushort)protocol.Length);
        label.CopyTo(buffer, 12);
        protocol.CopyTo(buffer, 12 + label.Length);
        return buffer;
    }

    /// <summary>Null when not a well-formed DATA_CHANNEL_OPEN (unknown channel type, lengths past the end, bad UTF-8).</summary>
    public static DcepOpen? Parse(ReadOnlySpan<byte> message)
    {
        if (message.Length < 12 || message[0] != MessageType)
            return null;
        var type = message[1];
        if ((type & 0x7F) > PartialReliableTimed)
            return null;
        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(message[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(message[10..]);
        if (message.Length < 12 + labelLength + protocolLength)
            return null;
        var strict = new UTF8Encoding(false, true);
        try
        {
            return new DcepOpen(type, BinaryPrimitives.ReadUInt16BigEndian(message[2..]), BinaryPrimitives.ReadUInt32BigEndian(message[4..]),
                strict.GetString(message.Slice(12, labelLength)), strict.GetString(message.Slice(12 + labelLength, protocolLength)));
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
