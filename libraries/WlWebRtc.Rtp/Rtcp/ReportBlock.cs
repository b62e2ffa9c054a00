using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Rtcp;

/// <summary>One reception report block (RFC 3550 section 6.4.1).</summary>
internal readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Length = 24;

    public static ReportBlock Read(ReadOnlySpan<byte> block)
    {
        var lost = (block[5] << 16) | (block[6] << 8) | block[7];
        if ((lost & 0x800000) != 0)
        {
            lost -= 0x1000000;
        }

        return new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(block),
            block[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(block[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(block[20..]));
    }

    /// <summary>
    /// RTT from LSR and DLSR (RFC 3550 section 6.4.1): arrival (middle 32 bits of NTP) - LSR - DLSR, in 1/65536 s.
    /// Null when the viewer has not had a sender report yet or the result is negative.
    /// </summary>
    public TimeSpan? RoundTripTime(uint arrivalNtpMiddle32)
    {
        if (LastSenderReport == 0)
        {
            return null;
        }

        var rtt = unchecked((int)(arrivalNtpMiddle32 - LastSenderReport - DelaySinceLastSenderReport));
        return rtt < 0 ? null : TimeSpan.FromSeconds(rtt / 65536.0);
    }
}

/// <summary>Reads SR and RR packets.</summary>
internal static class ReportPackets
{
    /// <summary>Reads the report blocks of an SR or RR; false if the packet is too short for its count.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, byte packetType, int count, out uint reporterSsrc, Span<ReportBlock> blocks, out int blockCount)
    {
        reporterSsrc = 0;
        blockCount = 0;
        var first = packetType == RtcpPacketType.SenderReport ? 28 : 8;
        if (packet.Length < first + (count * ReportBlock.Length))
        {
            return false;
        }

        reporterSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        blockCount = Math.Min(count, blocks.Length);
        for (var i = 0; i < blockCount; i++)
        {
            blocks[i] = ReportBlock.Read(packet.Slice(first + (i * ReportBlock.Length), ReportBlock.Length));
        }

        return true;
    }
}
