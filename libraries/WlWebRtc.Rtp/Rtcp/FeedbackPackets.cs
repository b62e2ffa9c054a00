using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Rtcp;

/// <summary>Readers for RTCP feedback messages (RFC 4585, RFC 5104, draft-alvestrand-rmcat-remb).</summary>
internal static class FeedbackPackets
{
    /// <summary>The media source SSRC of an RTPFB/PSFB packet (bytes 8-11).</summary>
    public static bool TryReadMediaSsrc(ReadOnlySpan<byte> packet, out uint senderSsrc, out uint mediaSsrc)
    {
        senderSsrc = mediaSsrc = 0;
        if (packet.Length < 12)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        return true;
    }

    /// <summary>The most lost sequence numbers taken from one NACK packet; the rest are ignored.</summary>
    public const int MaxNackedPerPacket = 256;

    /// <summary>Generic NACK with the default cap of <see cref="MaxNackedPerPacket"/> sequence numbers.</summary>
    public static bool TryReadNack(ReadOnlySpan<byte> packet, out uint mediaSsrc, List<ushort> lost) =>
        TryReadNack(packet, out mediaSsrc, lost, MaxNackedPerPacket, out _);

    /// <summary>
    /// Generic NACK (RFC 4585 section 6.2.1): adds the lost sequence numbers (PID and the BLP bitmask) to
    /// <paramref name="lost"/>, at most <paramref name="maxLost"/> of them; <paramref name="ignored"/> counts
    /// the ones beyond that.
    /// </summary>
    public static bool TryReadNack(ReadOnlySpan<byte> packet, out uint mediaSsrc, List<ushort> lost, int maxLost, out int ignored)
    {
        ignored = 0;
        if (!TryReadMediaSsrc(packet, out _, out mediaSsrc) || (packet.Length - 12) % 4 != 0)
        {
            return false;
        }

        var taken = 0;
        for (var offset = 12; offset + 4 <= packet.Length; offset += 4)
        {
            var pid = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            var blp = BinaryPrimitives.ReadUInt16BigEndian(packet[(offset + 2)..]);
            var count = 1 + System.Numerics.BitOperations.PopCount(blp);
            if (taken + count > maxLost)
            {
                // Past the cap only count: the rest of the packet costs no more work than this.
                ignored += count;
                continue;
            }

            lost.Add(pid);
            for (var bit = 0; bit < 16; bit++)
            {
                if ((blp & (1 << bit)) != 0)
                {
                    lost.Add(unchecked((ushort)(pid + bit + 1)));
                }
            }

            taken += count;
        }

        return true;
    }

    /// <summary>FIR (RFC 5104 section 4.3.1): true if an entry names <paramref name="ssrc"/>; its sequence number out.</summary>
    public static bool TryReadFir(ReadOnlySpan<byte> packet, uint ssrc, out byte sequence)
    {
        sequence = 0;
        if (packet.Length < 12 || (packet.Length - 12) % 8 != 0)
        {
            return false;
        }

        for (var offset = 12; offset + 8 <= packet.Length; offset += 8)
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(packet[offset..]) == ssrc)
            {
                sequence = packet[offset + 4];
                return true;
            }
        }

        return false;
    }

    /// <summary>REMB: "REMB", SSRC count, 6-bit exponent and 18-bit mantissa, then the SSRCs.</summary>
    public static bool TryReadRemb(ReadOnlySpan<byte> packet, out long bitrate, Span<uint> ssrcs, out int ssrcCount)
    {
        bitrate = 0;
        ssrcCount = 0;
        if (packet.Length < 20 || !packet.Slice(12, 4).SequenceEqual("REMB"u8))
        {
            return false;
        }

        var count = packet[16];
        if (packet.Length < 20 + (4 * count))
        {
            return false;
        }

        var exponent = packet[17] >> 2;
        var mantissa = ((packet[17] & 0x03) << 16) | (packet[18] << 8) | packet[19];
        bitrate = exponent > 40 ? long.MaxValue : (long)mantissa << exponent;
        if (exponent > 40 || (mantissa != 0 && bitrate >> exponent != mantissa))
        {
            bitrate = long.MaxValue;
        }

        ssrcCount = Math.Min(count, ssrcs.Length);
        for (var i = 0; i < ssrcCount; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(packet[(20 + (4 * i))..]);
        }

        return true;
    }
}
