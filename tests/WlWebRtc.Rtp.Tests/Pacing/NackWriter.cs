using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Tests.Pacing;

/// <summary>Writes a generic NACK (RFC 4585 section 6.2.1) as a browser does, one FCI per lost sequence number.</summary>
internal static class NackWriter
{
    public static byte[] Write(uint mediaSsrc, IReadOnlyList<ushort> lost)
    {
        var length = 12 + (4 * lost.Count);
        var packet = new byte[length];
        packet[0] = 0x81;
        packet[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), mediaSsrc);
        for (var i = 0; i < lost.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12 + (4 * i)), lost[i]);
        }

        return packet;
    }
}
