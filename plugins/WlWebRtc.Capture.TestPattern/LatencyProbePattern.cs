using System.Buffers.Binary;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>
/// The latency probe pattern (see README "Latency probe pattern"): a 56-bit barcode in the top 16 rows
/// (capture time in Unix milliseconds, low 32 bits; a 16-bit frame counter; a checksum), four colour
/// quadrants below it, and a 64x64 grey box that moves 8 px per frame. Writing is incremental, so a
/// 1080p60 source costs almost nothing; reading works on any 4-byte-per-pixel image.
/// </summary>
public static class LatencyProbePattern
{
    /// <summary>Edge of one barcode block in pixels.</summary>
    public const int BlockSize = 16;

    /// <summary>Number of bits (blocks) in the barcode.</summary>
    public const int BitCount = 56;

    /// <summary>Width of the barcode: the narrowest frame that carries it.</summary>
    public const int BarcodeWidth = BlockSize * BitCount;

    /// <summary>Edge of the moving box.</summary>
    public const int BoxSize = 64;

    /// <summary>Pixels the box moves per frame.</summary>
    public const int BoxStep = 8;

    /// <summary>Smallest frame size carrying the pattern.</summary>
    public const int MinWidth = BarcodeWidth;

    /// <summary>Smallest frame size carrying the pattern.</summary>
    public const int MinHeight = 64;

    /// <summary>The grey level of the box.</summary>
    public const byte BoxGrey = 128;

    /// <summary>Quadrant colours as (R, G, B): top-left, top-right, bottom-left, bottom-right.</summary>
    public static ReadOnlySpan<byte> QuadrantRgb => [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

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

    /// <summary>Where the quadrants meet: x of the vertical split and y of the horizontal split.</summary>
    public static (int MidX, int MidY) QuadrantSplit(int width, int height) => (width / 2, BlockSize + ((height - BlockSize) / 2));

    /// <summary>
    /// Top-left corner of the box for a frame counter. The box is centred vertically but never covers the
    /// barcode strip (in frames under 96 rows it sits just below the strip, clipped at the bottom).
    /// </summary>
    public static (int X, int Y) BoxPosition(long counter, int width, int height) =>
        ((int)(BoxStep * counter % (width - BoxSize)), Math.Max(BlockSize, (height - BoxSize) / 2));

    /// <summary>Rows of the box inside a frame of <paramref name="height"/> rows.</summary>
    public static int BoxHeight(int height) => Math.Min(BoxSize, height - BoxPosition(0, MinWidth, height).Y);

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
        if (width < MinWidth || height < BlockSize || stride < width * 4 || pixels.Length < ((BlockSize / 2) + 1) * stride)
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
        var sum = 0xA5;
        foreach (var b in sixBytes)
        {
            sum += b;
        }

        return (byte)sum;
    }
}
