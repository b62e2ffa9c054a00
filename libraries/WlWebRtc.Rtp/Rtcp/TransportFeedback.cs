using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Rtcp;

/// <summary>One packet's fate in a transport-wide-cc feedback message.</summary>
/// <param name="Sequence">The transport-wide sequence number.</param>
/// <param name="Received">Whether it arrived.</param>
/// <param name="ArrivalMicroseconds">Arrival time relative to the feedback's reference time origin (only if received).</param>
internal readonly record struct PacketFeedback(ushort Sequence, bool Received, long ArrivalMicroseconds);

/// <summary>
/// Parses transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// section 3.1): base sequence, status count, 24-bit reference time (64 ms units), feedback count, packet
/// status chunks (run-length, or status vectors of 1- or 2-bit symbols), then receive deltas (250 µs units).
/// A run-length chunk announces up to 8191 lost packets in two bytes, so the status count, not the packet
/// size, decides the work: it is capped at <see cref="MaxStatusCount"/>, and the deltas the symbols announce
/// must all be present before any result is produced.
/// </summary>
internal static class TransportFeedback
{
    /// <summary>
    /// The most packets one feedback message may report on: the sender's estimator keeps this many sent
    /// packets, so statuses beyond it could not be matched to anything anyway.
    /// </summary>
    public const int MaxStatusCount = 8192;

    private const long DeltaMicroseconds = 250;

    /// <summary>The packet status count field (0 if the packet is too short to have one).</summary>
    public static int ReadStatusCount(ReadOnlySpan<byte> packet) =>
        packet.Length < 20 ? 0 : BinaryPrimitives.ReadUInt16BigEndian(packet[14..]);

    public static bool TryRead(ReadOnlySpan<byte> packet, out uint mediaSsrc, out byte feedbackCount, List<PacketFeedback> results)
    {
        feedbackCount = 0;
        if (!FeedbackPackets.TryReadMediaSsrc(packet, out _, out mediaSsrc) || packet.Length < 20)
        {
            return false;
        }

        var baseSequence = BinaryPrimitives.ReadUInt16BigEndian(packet[12..]);
        var statusCount = BinaryPrimitives.ReadUInt16BigEndian(packet[14..]);
        var referenceTime = (packet[16] << 16) | (packet[17] << 8) | packet[18];
        if ((referenceTime & 0x800000) != 0)
        {
            referenceTime -= 0x1000000;
        }

        feedbackCount = packet[19];
        if (statusCount == 0 || statusCount > MaxStatusCount)
        {
            return false;
        }

        // Symbols first (0 not received, 1 small delta, 2 large delta), then the deltas they announce.
        Span<byte> symbols = stackalloc byte[statusCount];
        var offset = 20;
        var filled = 0;
        var deltaBytes = 0;
        while (filled < statusCount)
        {
            if (offset + 2 > packet.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(packet[offset..]);
            offset += 2;
            if ((chunk & 0x8000) == 0)
            {
                var symbol = (byte)((chunk >> 13) & 0x03);
                var run = chunk & 0x1FFF;
                if (symbol == 3 || run == 0)
                {
                    return false;
                }

                var take = Math.Min(run, statusCount - filled);
                symbols.Slice(filled, take).Fill(symbol);
                filled += take;
                deltaBytes += symbol * take;
            }
            else if ((chunk & 0x4000) == 0)
            {
                for (var i = 0; i < 14 && filled < statusCount; i++)
                {
                    var symbol = (byte)((chunk >> (13 - i)) & 0x01);
                    symbols[filled++] = symbol;
                    deltaBytes += symbol;
                }
            }
            else
            {
                for (var i = 0; i < 7 && filled < statusCount; i++)
                {
                    var symbol = (byte)((chunk >> (12 - (2 * i))) & 0x03);
                    if (symbol == 3)
                    {
                        return false;
                    }

                    symbols[filled++] = symbol;
                    deltaBytes += symbol;
                }
            }
        }

        // Symbol 1 announces a one-byte delta, symbol 2 a two-byte one: all of them must be there.
        if (offset + deltaBytes > packet.Length)
        {
            return false;
        }

        var time = referenceTime * 64_000L;
        for (var i = 0; i < statusCount; i++)
        {
            var sequence = unchecked((ushort)(baseSequence + i));
            switch (symbols[i])
            {
                case 0:
                    results.Add(new PacketFeedback(sequence, false, 0));
                    break;
                case 1:
                    time += packet[offset] * DeltaMicroseconds;
                    offset += 1;
                    results.Add(new PacketFeedback(sequence, true, time));
                    break;
                default:
                    time += BinaryPrimitives.ReadInt16BigEndian(packet[offset..]) * DeltaMicroseconds;
                    offset += 2;
                    results.Add(new PacketFeedback(sequence, true, time));
                    break;
            }
        }

        return true;
    }
}
