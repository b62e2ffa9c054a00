using System.Buffers.Binary;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Turn;

/// <summary>
/// A ChannelData message (RFC 8656 section 12.4): channel number (0x4000-0x4FFF), length, data. Over UDP the
/// padding to a multiple of 4 is optional; over TCP and TLS it is sent and must be skipped (section 12.5).
/// </summary>
public static class ChannelData
{
    public const ushort MinChannel = 0x4000;
    public const ushort MaxChannel = 0x4FFF;
    public const int HeaderLength = 4;

    /// <summary>The first two bits are 01 (RFC 7983: first byte 64-79).</summary>
    public static bool LooksLikeChannelData(ReadOnlySpan<byte> data) => data.Length >= HeaderLength && data[0] is >= 0x40 and <= 0x4F;

    public static byte[] Encode(ushort channel, ReadOnlySpan<byte> data, bool pad)
    {
        if (channel is < MinChannel or > MaxChannel)
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "A TURN channel number is 0x4000-0x4FFF.");
        }

        if (data.Length > ushort.MaxValue)
        {
            throw new ArgumentException("ChannelData carries at most 65535 bytes.", nameof(data));
        }

        var total = HeaderLength + (pad ? (data.Length + 3) & ~3 : data.Length);
        var buffer = new byte[total];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, channel);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)data.Length);
        data.CopyTo(buffer.AsSpan(HeaderLength));
        return buffer;
    }

    /// <summary>Splits a ChannelData message into its channel and data; trailing padding (at most 3 bytes) is allowed.</summary>
    public static (ushort Channel, ReadOnlyMemory<byte> Data) Decode(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        if (span.Length < HeaderLength)
        {
            throw new StunParseException($"A ChannelData message has at least 4 bytes, got {span.Length}.");
        }

        var channel = BinaryPrimitives.ReadUInt16BigEndian(span);
        if (channel is < MinChannel or > MaxChannel)
        {
            throw new StunParseException($"Channel 0x{channel:X4} is outside 0x4000-0x4FFF.");
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(span[2..]);
        if (HeaderLength + length > span.Length || span.Length - HeaderLength - length > 3)
        {
            throw new StunParseException($"ChannelData says {length} bytes, the message carries {span.Length - HeaderLength}.");
        }

        return (channel, message.Slice(HeaderLength, length));
    }
}
