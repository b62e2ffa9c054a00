using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Rtp.Fec;

/// <summary>
/// RED encapsulation (RFC 2198) with one block and no redundancy, as WebRTC carries ULPFEC: the RTP header with the
/// RED payload type, then a one-byte block header (F = 0, the block's payload type), then the block.
/// </summary>
public static class RedPacket
{
    /// <summary>Bytes RED adds to a packet.</summary>
    public const int Overhead = 1;

    /// <summary>
    /// Writes <paramref name="rtp"/> (a whole RTP packet without padding) as a RED packet of payload type
    /// <paramref name="redPayloadType"/> whose block keeps the original payload type. Returns the bytes written.
    /// </summary>
    public static int Wrap(ReadOnlySpan<byte> rtp, byte redPayloadType, Span<byte> destination)
    {
        if (!RtpHeader.TryParse(rtp, out var header))
        {
            throw new ArgumentException("Not an RTP packet.", nameof(rtp));
        }

        var headerLength = header.HeaderLength;
        rtp[..headerLength].CopyTo(destination);
        destination[1] = (byte)((rtp[1] & 0x80) | (redPayloadType & 0x7F));
        destination[headerLength] = (byte)(header.PayloadType & 0x7F);
        rtp[headerLength..].CopyTo(destination[(headerLength + Overhead)..]);
        return rtp.Length + Overhead;
    }

    /// <summary>Writes the one-byte RED block header of a last (only) block of <paramref name="blockPayloadType"/>.</summary>
    public static void WriteBlockHeader(Span<byte> destination, byte blockPayloadType) => destination[0] = (byte)(blockPayloadType & 0x7F);
}
