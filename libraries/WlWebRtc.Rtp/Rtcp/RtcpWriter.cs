using System.Buffers.Binary;
using System.Text;

namespace WlWebRtc.Rtp.Rtcp;

/// <summary>Writes the RTCP packets a sender sends: SR, SDES CNAME, BYE.</summary>
internal static class RtcpWriter
{
    /// <summary>SR without report blocks (RFC 3550 section 6.4.1); returns 28.</summary>
    public static int WriteSenderReport(Span<byte> destination, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount)
    {
        destination[0] = 0x80;
        destination[1] = RtcpPacketType.SenderReport;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], 6);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], octetCount);
        return 28;
    }

    /// <summary>SDES with one chunk holding CNAME (RFC 3550 section 6.5); returns its length.</summary>
    public static int WriteSourceDescription(Span<byte> destination, uint ssrc, string cname)
    {
        destination[0] = 0x81;
        destination[1] = RtcpPacketType.SourceDescription;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = 1;
        var length = Encoding.UTF8.GetBytes(cname, destination[10..]);
        destination[9] = (byte)length;
        var end = 10 + length;

        // The item list ends with at least one null octet, padded to 32 bits.
        do
        {
            destination[end++] = 0;
        }
        while (end % 4 != 0);

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((end / 4) - 1));
        return end;
    }

    /// <summary>BYE for the given SSRCs; returns its length.</summary>
    public static int WriteGoodbye(Span<byte> destination, ReadOnlySpan<uint> ssrcs)
    {
        destination[0] = (byte)(0x80 | ssrcs.Length);
        destination[1] = RtcpPacketType.Goodbye;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)ssrcs.Length);
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 + (4 * i))..], ssrcs[i]);
        }

        return 4 + (4 * ssrcs.Length);
    }

    /// <summary>A wall-clock time as a 64-bit NTP timestamp.</summary>
    public static ulong ToNtp(DateTimeOffset time)
    {
        var sinceNtpEpoch = time.UtcDateTime - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var seconds = (ulong)(sinceNtpEpoch.Ticks / TimeSpan.TicksPerSecond);
        var fraction = (ulong)(sinceNtpEpoch.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>The middle 32 bits of an NTP timestamp (the LSR/DLSR units).</summary>
    public static uint Middle32(ulong ntp) => (uint)(ntp >> 16);
}
