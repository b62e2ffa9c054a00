using System.Buffers.Binary;

namespace WlWebRtc.Rtp.Tests.Fec;

/// <summary>
/// The receiver's side of RFC 5109 (section 8), written for the tests from the RFC: rebuilds the one packet of a FEC
/// packet's group that is missing from the packets received, so the writer is checked against an independent reader.
/// </summary>
internal static class UlpfecTestDecoder
{
    /// <summary>The sequence numbers a ULPFEC payload protects.</summary>
    public static List<ushort> Protected(ReadOnlySpan<byte> fec)
    {
        var longMask = (fec[0] & 0x40) != 0;
        var baseSequence = BinaryPrimitives.ReadUInt16BigEndian(fec[2..]);
        ulong mask = (ulong)BinaryPrimitives.ReadUInt16BigEndian(fec[12..]) << 32;
        if (longMask)
        {
            mask |= BinaryPrimitives.ReadUInt32BigEndian(fec[14..]);
        }

        var result = new List<ushort>();
        for (var i = 0; i < 48; i++)
        {
            if ((mask & (1UL << (47 - i))) != 0)
            {
                result.Add((ushort)(baseSequence + i));
            }
        }

        return result;
    }

    /// <summary>Rebuilds the missing packet of the group, or null when not exactly one is missing.</summary>
    public static byte[]? Recover(ReadOnlySpan<byte> fec, IReadOnlyDictionary<ushort, byte[]> received, uint ssrc)
    {
        var group = Protected(fec);
        var missing = group.Where(s => !received.ContainsKey(s)).ToList();
        if (missing.Count != 1)
        {
            return null;
        }

        var longMask = (fec[0] & 0x40) != 0;
        var levelHeader = longMask ? 8 : 4;
        var protectionLength = BinaryPrimitives.ReadUInt16BigEndian(fec[10..]);
        var payload = fec[(10 + levelHeader)..].ToArray();
        Assert.Equal(protectionLength, payload.Length);
        var bits = fec[..10].ToArray();
        foreach (var sequence in group.Where(received.ContainsKey))
        {
            var packet = received[sequence];
            bits[0] ^= packet[0];
            bits[1] ^= packet[1];
            for (var i = 4; i < 8; i++)
            {
                bits[i] ^= packet[i];
            }

            var length = (ushort)(packet.Length - 12);
            bits[8] ^= (byte)(length >> 8);
            bits[9] ^= (byte)length;
            for (var i = 12; i < packet.Length; i++)
            {
                payload[i - 12] ^= packet[i];
            }
        }

        var recoveredLength = BinaryPrimitives.ReadUInt16BigEndian(bits.AsSpan(8));
        var recovered = new byte[12 + recoveredLength];
        recovered[0] = (byte)(0x80 | (bits[0] & 0x3F));
        recovered[1] = bits[1];
        BinaryPrimitives.WriteUInt16BigEndian(recovered.AsSpan(2), missing[0]);
        bits.AsSpan(4, 4).CopyTo(recovered.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(recovered.AsSpan(8), ssrc);
        payload.AsSpan(0, recoveredLength).CopyTo(recovered.AsSpan(12));
        return recovered;
    }
}
