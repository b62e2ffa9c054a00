using System.Runtime.InteropServices;

namespace WlWebRtc.LatencyProbe.Content;

/// <summary>BGRx pixels as little-endian 32-bit words (0xFFRRGGBB), and rectangle fills.</summary>
internal static class Bgrx
{
    public static uint Rgb(int r, int g, int b) => 0xFF000000u | ((uint)Math.Clamp(r, 0, 255) << 16) | ((uint)Math.Clamp(g, 0, 255) << 8) | (uint)Math.Clamp(b, 0, 255);

    /// <summary>One row of a buffer as words.</summary>
    public static Span<uint> Row(Span<byte> bgrx, int stride, int y, int width) => MemoryMarshal.Cast<byte, uint>(bgrx.Slice(y * stride, width * 4));

    public static void Fill(Span<byte> bgrx, int stride, int x, int y, int width, int height, uint colour)
    {
        for (var row = y; row < y + height; row++)
        {
            MemoryMarshal.Cast<byte, uint>(bgrx.Slice((row * stride) + (x * 4), width * 4)).Fill(colour);
        }
    }

    /// <summary>A well-mixed 32-bit hash (lowbias32): deterministic noise without a random generator's state.</summary>
    public static uint Hash(uint value)
    {
        value ^= value >> 16;
        value *= 0x7feb352d;
        value ^= value >> 15;
        value *= 0x846ca68b;
        value ^= value >> 16;
        return value;
    }
}
