using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace WlWebRtc.Sctp.Packets;

/// <summary>CRC32c (Castagnoli, reflected 0x82F63B78), the SCTP checksum (RFC 9260 Appendix A).</summary>
internal static class Crc32c
{
    private const uint Polynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data) => ~Update(0xFFFFFFFF, data);

    /// <summary>Continues a CRC over <paramref name="data"/> from the raw (un-inverted) state <paramref name="crc"/>.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = (uint)Sse42.X64.Crc32(crc, BitConverter.ToUInt64(data));
                data = data[8..];
            }
            foreach (var b in data)
                crc = Sse42.Crc32(crc, b);
            return crc;
        }
        if (Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                crc = Crc32.Arm64.ComputeCrc32C(crc, BitConverter.ToUInt64(data));
                data = data[8..];
            }
            foreach (var b in data)
                crc = Crc32.ComputeCrc32C(crc, b);
            return crc;
        }
        return UpdateTable(crc, data);
    }

    /// <summary>The portable path; kept callable so tests can compare it with the hardware one.</summary>
    internal static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        var table = Table;
        foreach (var b in data)
            crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
