namespace WlWebRtc.LatencyProbe;

/// <summary>
/// The latency probe pattern (see README "Latency probe pattern"): the latency barcode in the top 16 rows
/// (<see cref="LatencyBarcode"/>: capture time in Unix milliseconds, low 32 bits; a 16-bit frame counter; a checksum), four colour
/// quadrants below it, and a 64x64 grey box that moves 8 px per frame. Writing is incremental, so a
/// 1080p60 source costs almost nothing.
/// </summary>
public static class LatencyProbePattern
{
    /// <summary>Edge of the moving box.</summary>
    public const int BoxSize = 64;

    /// <summary>Pixels the box moves per frame.</summary>
    public const int BoxStep = 8;

    /// <summary>Smallest frame size carrying the pattern.</summary>
    public const int MinWidth = LatencyBarcode.Width;

    /// <summary>Smallest frame size carrying the pattern.</summary>
    public const int MinHeight = 64;

    /// <summary>The grey level of the box.</summary>
    public const byte BoxGrey = 128;

    /// <summary>Quadrant colours as (R, G, B): top-left, top-right, bottom-left, bottom-right.</summary>
    public static ReadOnlySpan<byte> QuadrantRgb => [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

    /// <summary>Where the quadrants meet: x of the vertical split and y of the horizontal split.</summary>
    public static (int MidX, int MidY) QuadrantSplit(int width, int height) => (width / 2, LatencyBarcode.BlockSize + ((height - LatencyBarcode.BlockSize) / 2));

    /// <summary>
    /// Top-left corner of the box for a frame counter. The box is centred vertically but never covers the
    /// barcode strip (in frames under 96 rows it sits just below the strip, clipped at the bottom).
    /// </summary>
    public static (int X, int Y) BoxPosition(long counter, int width, int height) =>
        ((int)(BoxStep * counter % (width - BoxSize)), Math.Max(LatencyBarcode.BlockSize, (height - BoxSize) / 2));

    /// <summary>Rows of the box inside a frame of <paramref name="height"/> rows.</summary>
    public static int BoxHeight(int height) => Math.Min(BoxSize, height - BoxPosition(0, MinWidth, height).Y);
}
