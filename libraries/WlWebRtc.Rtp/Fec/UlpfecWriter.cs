using System.Buffers.Binary;
using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Rtp.Fec;

/// <summary>
/// Writes one ULPFEC packet (RFC 5109 section 7, one protection level) over a group of media packets: the XOR of
/// each packet's bit string (the first 8 header bytes, the length past the fixed header, then everything after the
/// fixed header: CSRCs, header extension, payload), with a mask naming the protected sequence numbers relative to
/// the group's first. A receiver that has every packet of the group but one rebuilds that one from the rest.
/// </summary>
public static class UlpfecWriter
{
    /// <summary>The FEC header (E, L, the recovery fields, SN base, TS and length recovery).</summary>
    public const int FecHeaderLength = 10;

    /// <summary>Packets one FEC packet can protect: a 48-bit mask (L = 1).</summary>
    public const int MaxProtectedPackets = 48;

    private const int ShortMaskPackets = 16;

    /// <summary>The ULPFEC payload's length for protected packets whose longest is <paramref name="longestPacket"/> bytes.</summary>
    public static int Length(int longestPacket, bool longMask) => FecHeaderLength + (longMask ? 8 : 4) + (longestPacket - RtpHeader.FixedLength);

    /// <summary>
    /// Writes the ULPFEC payload (what follows the RED header) protecting <paramref name="packets"/>: whole RTP
    /// packets, in sending order, whose sequence numbers lie within <see cref="MaxProtectedPackets"/> of the first's.
    /// Returns the bytes written.
    /// </summary>
    public static int Write(IReadOnlyList<ReadOnlyMemory<byte>> packets, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(packets);
        if (packets.Count == 0)
        {
            throw new ArgumentException("A FEC packet protects at least one packet.", nameof(packets));
        }

        var baseSequence = BinaryPrimitives.ReadUInt16BigEndian(packets[0].Span[2..]);
        var longest = 0;
        var longMask = false;
        foreach (var packet in packets)
        {
            if (packet.Length < RtpHeader.FixedLength)
            {
                throw new ArgumentException("A protected packet is shorter than an RTP header.", nameof(packets));
            }

            var offset = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet.Span[2..]) - baseSequence);
            if (offset >= MaxProtectedPackets)
            {
                throw new ArgumentException($"Sequence numbers span more than {MaxProtectedPackets} packets.", nameof(packets));
            }

            longMask |= offset >= ShortMaskPackets;
            longest = Math.Max(longest, packet.Length);
        }

        var length = Length(longest, longMask);
        var fec = destination[..length];
        fec.Clear();
        var levelHeader = fec.Slice(FecHeaderLength, longMask ? 8 : 4);
        var payload = fec[(FecHeaderLength + levelHeader.Length)..];
        ulong mask = 0;
        foreach (var memory in packets)
        {
            var packet = memory.Span;
            fec[0] ^= packet[0];
            fec[1] ^= packet[1];
            for (var i = 4; i < 8; i++)
            {
                fec[i] ^= packet[i];
            }

            var protectedLength = (ushort)(packet.Length - RtpHeader.FixedLength);
            fec[8] ^= (byte)(protectedLength >> 8);
            fec[9] ^= (byte)protectedLength;
            Xor(payload, packet[RtpHeader.FixedLength..]);
            var offset = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet[2..]) - baseSequence);
            mask |= 1UL << (47 - offset);
        }

        // E = 0 and L in the two bits where the media packets carry the RTP version.
        fec[0] = (byte)((fec[0] & 0x3F) | (longMask ? 0x40 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(fec[2..], baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(levelHeader, (ushort)(longest - RtpHeader.FixedLength));
        BinaryPrimitives.WriteUInt16BigEndian(levelHeader[2..], (ushort)(mask >> 32));
        if (longMask)
        {
            BinaryPrimitives.WriteUInt32BigEndian(levelHeader[4..], (uint)mask);
        }

        return length;
    }

    private static void Xor(Span<byte> into, ReadOnlySpan<byte> from)
    {
        for (var i = 0; i < from.Length; i++)
        {
            into[i] ^= from[i];
        }
    }
}
