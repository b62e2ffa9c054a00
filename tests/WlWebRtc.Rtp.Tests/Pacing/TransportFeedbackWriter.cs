using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Tests.Pacing;

/// <summary>
/// Writes transport-wide-cc feedback as a browser does (draft-holmer-rmcat-transport-wide-cc-extensions-01): 2-bit
/// status vector chunks (0 lost, 2 received with a 16-bit delta), deltas in 250 µs units after a 64 ms reference time.
/// </summary>
internal static class TransportFeedbackWriter
{
    public static byte[] Write(uint mediaSsrc, ushort baseSequence, IReadOnlyList<long?> arrivalsUs, byte feedbackCount)
    {
        var firstArrival = arrivalsUs.First(a => a is not null)!.Value;
        var reference = firstArrival / 64_000;
        var chunks = (arrivalsUs.Count + 6) / 7;
        var received = arrivalsUs.Count(a => a is not null);
        var length = 20 + (chunks * 2) + (received * 2);
        length = (length + 3) & ~3;
        var packet = new byte[length];
        packet[0] = 0x8F;
        packet[1] = 205;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)arrivalsUs.Count);
        packet[16] = (byte)(reference >> 16);
        packet[17] = (byte)(reference >> 8);
        packet[18] = (byte)reference;
        packet[19] = feedbackCount;
        var offset = 20;
        for (var c = 0; c < chunks; c++)
        {
            var chunk = 0xC000;
            for (var i = 0; i < 7; i++)
            {
                var index = (c * 7) + i;
                var symbol = index < arrivalsUs.Count && arrivalsUs[index] is not null ? 2 : 0;
                chunk |= symbol << (12 - (2 * i));
            }

            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(offset), (ushort)chunk);
            offset += 2;
        }

        var previous = reference * 64_000;
        foreach (var arrival in arrivalsUs)
        {
            if (arrival is { } at)
            {
                var delta = (at - previous) / 250;
                BinaryPrimitives.WriteInt16BigEndian(packet.AsSpan(offset), (short)Math.Clamp(delta, short.MinValue, short.MaxValue));
                offset += 2;
                previous += delta * 250;
            }
        }

        return packet;
    }
}
