using System.Buffers.Binary;

namespace WlWebRtc.LatencyProbe;

/// <summary>
/// The latency barcode the test pattern draws across the top of every frame (README "Latency probe pattern"):
/// <see cref="BitCount"/> blocks of <see cref="BlockSize"/> pixels, white for 1 and black for 0, most significant bit
/// first, carrying a 56-bit payload: the capture time in Unix milliseconds (low 32 bits, big-endian), a 16-bit frame
/// counter, and a checksum (0xA5 plus the six bytes before it, modulo 256). A reader rebuilds the full time with its
/// own clock. latency-barcode.js beside this file is the same definition for pages.
/// </summary>
public static class LatencyBarcode
{
    /// <summary>Edge of one block in pixels.</summary>
    public const int BlockSize = 16;

    /// <summary>Number of bits (blocks).</summary>
    public const int BitCount = 56;

    /// <summary>Width of the barcode: the narrowest frame that carries it.</summary>
    public const int Width = BlockSize * BitCount;

    /// <summary>Seeds the checksum, so that an all-black strip (all zero) does not read as a valid barcode.</summary>
    private const int ChecksumSeed = 0xA5;

    /// <summary>The 56-bit payload: time (32 bits, big-endian), counter (16), checksum (8).</summary>
    public static ulong Encode(uint unixMillisecondsLow32, ushort counter)
    {
        Span<byte> bytes = stackalloc byte[7];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, unixMillisecondsLow32);
        BinaryPrimitives.WriteUInt16BigEndian(bytes[4..], counter);
        bytes[6] = Checksum(bytes[..6]);
        ulong value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>Decodes a 56-bit payload; false when the checksum does not match.</summary>
    public static bool TryDecode(ulong payload, out uint unixMillisecondsLow32, out ushort counter)
    {
        Span<byte> bytes = stackalloc byte[7];
        for (var i = 6; i >= 0; i--)
        {
            bytes[i] = (byte)payload;
            payload >>= 8;
        }

        unixMillisecondsLow32 = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        counter = BinaryPrimitives.ReadUInt16BigEndian(bytes[4..]);
        return payload == 0 && bytes[6] == Checksum(bytes[..6]);
    }

    /// <summary>Decodes the blocks as sampled one by one (each 0 or 1, first block first); false unless there are 56 and the checksum matches.</summary>
    public static bool TryDecodeBits(ReadOnlySpan<int> bits, out uint unixMillisecondsLow32, out ushort counter)
    {
        unixMillisecondsLow32 = 0;
        counter = 0;
        if (bits.Length != BitCount)
        {
            return false;
        }

        ulong payload = 0;
        foreach (var bit in bits)
        {
            payload = (payload << 1) | (bit != 0 ? 1UL : 0UL);
        }

        return TryDecode(payload, out unixMillisecondsLow32, out counter);
    }

    /// <summary>
    /// Rebuilds a full Unix-millisecond time from its low 32 bits with the reader's own clock:
    /// the value of the form low32 + k·2^32 nearest to <paramref name="nowUnixMilliseconds"/>.
    /// </summary>
    public static long RebuildUnixMilliseconds(uint low32, long nowUnixMilliseconds)
    {
        const long wrap = 1L << 32;
        var candidate = (nowUnixMilliseconds & ~(wrap - 1)) | low32;
        if (candidate - nowUnixMilliseconds > wrap / 2)
        {
            candidate -= wrap;
        }
        else if (nowUnixMilliseconds - candidate > wrap / 2)
        {
            candidate += wrap;
        }

        return candidate;
    }

    /// <summary>
    /// Reads the barcode from a 4-byte-per-pixel image whose byte order puts R, G and B at
    /// <paramref name="redIndex"/>, <paramref name="greenIndex"/>, <paramref name="blueIndex"/> within a pixel
    /// (BGRx: 2, 1, 0; RGBA: 0, 1, 2). Samples the centre of each block; false when the checksum fails.
    /// </summary>
    public static bool TryRead(
        ReadOnlySpan<byte> pixels, int width, int height, int stride, int redIndex, int greenIndex, int blueIndex,
        out uint unixMillisecondsLow32, out ushort counter)
    {
        unixMillisecondsLow32 = 0;
        counter = 0;
        if (width < Width || height < BlockSize || stride < width * 4 || pixels.Length < ((BlockSize / 2) + 1) * stride)
        {
            return false;
        }

        ulong payload = 0;
        var row = pixels.Slice((BlockSize / 2) * stride, width * 4);
        for (var i = 0; i < BitCount; i++)
        {
            var p = ((i * BlockSize) + (BlockSize / 2)) * 4;
            var mean = (row[p + redIndex] + row[p + greenIndex] + row[p + blueIndex]) / 3;
            payload = (payload << 1) | (mean > 128 ? 1UL : 0UL);
        }

        return TryDecode(payload, out unixMillisecondsLow32, out counter);
    }

    private static byte Checksum(ReadOnlySpan<byte> sixBytes)
    {
        var sum = ChecksumSeed;
        foreach (var b in sixBytes)
        {
            sum += b;
        }

        return (byte)sum;
    }
}
