using System.Buffers.Binary;
using System.Runtime.InteropServices;
using WlWebRtc.LatencyProbe;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>
/// One BGRx buffer holding the pattern. The background is drawn once; each new frame redraws only the
/// barcode strip and the box (erasing where the box was in this buffer's previous frame), so the per-frame
/// cost is a few kilobytes of writes instead of a full-frame fill.
/// </summary>
internal sealed class PatternCanvas
{
    private const uint Black = 0xFF000000;
    private const uint White = 0xFFFFFFFF;
    private readonly uint[] _quadrantColours = new uint[4];
    private int _boxX = -1;

    public PatternCanvas(int width, int height)
    {
        Width = width;
        Height = height;
        Stride = width * 4;
        Pixels = new byte[Stride * height];
        var rgb = LatencyProbePattern.QuadrantRgb;
        for (var q = 0; q < 4; q++)
        {
            _quadrantColours[q] = Bgrx(rgb[q * 3], rgb[(q * 3) + 1], rgb[(q * 3) + 2]);
        }

        FillBackground(0, LatencyBarcode.BlockSize, width, height - LatencyBarcode.BlockSize);
        FillRect(0, 0, width, LatencyBarcode.BlockSize, Black);
    }

    public int Width { get; }

    public int Height { get; }

    public int Stride { get; }

    public byte[] Pixels { get; }

    /// <summary>Draws the frame for <paramref name="counter"/>.</summary>
    public void Draw(uint unixMillisecondsLow32, long counter)
    {
        var payload = LatencyBarcode.Encode(unixMillisecondsLow32, (ushort)counter);
        for (var i = 0; i < LatencyBarcode.BitCount; i++)
        {
            var bit = (payload >> (LatencyBarcode.BitCount - 1 - i)) & 1;
            FillRect(i * LatencyBarcode.BlockSize, 0, LatencyBarcode.BlockSize, LatencyBarcode.BlockSize, bit == 1 ? White : Black);
        }

        var (x, y) = LatencyProbePattern.BoxPosition(counter, Width, Height);
        if (_boxX >= 0)
        {
            FillBackground(_boxX, y, LatencyProbePattern.BoxSize, LatencyProbePattern.BoxHeight(Height));
        }

        FillRect(x, y, LatencyProbePattern.BoxSize, LatencyProbePattern.BoxHeight(Height), Bgrx(LatencyProbePattern.BoxGrey, LatencyProbePattern.BoxGrey, LatencyProbePattern.BoxGrey));
        _boxX = x;
    }

    private static uint Bgrx(byte r, byte g, byte b) => BinaryPrimitives.ReadUInt32LittleEndian([b, g, r, 0xFF]);

    /// <summary>Paints the quadrant colours into a rectangle below the strip.</summary>
    private void FillBackground(int x, int y, int width, int height)
    {
        var (midX, midY) = LatencyProbePattern.QuadrantSplit(Width, Height);
        var top = Math.Max(y, LatencyBarcode.BlockSize);
        var bottom = y + height;
        var right = x + width;
        FillClipped(x, top, Math.Min(right, midX), Math.Min(bottom, midY), _quadrantColours[0]);
        FillClipped(Math.Max(x, midX), top, right, Math.Min(bottom, midY), _quadrantColours[1]);
        FillClipped(x, Math.Max(top, midY), Math.Min(right, midX), bottom, _quadrantColours[2]);
        FillClipped(Math.Max(x, midX), Math.Max(top, midY), right, bottom, _quadrantColours[3]);
    }

    private void FillClipped(int left, int top, int right, int bottom, uint colour)
    {
        if (right > left && bottom > top)
        {
            FillRect(left, top, right - left, bottom - top, colour);
        }
    }

    private void FillRect(int x, int y, int width, int height, uint colour)
    {
        var pixels = MemoryMarshal.Cast<byte, uint>(Pixels.AsSpan());
        var pitch = Width;
        for (var row = y; row < y + height; row++)
        {
            pixels.Slice((row * pitch) + x, width).Fill(colour);
        }
    }
}
