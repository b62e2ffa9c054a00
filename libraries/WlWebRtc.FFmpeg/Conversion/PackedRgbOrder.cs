using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>Where red, green and blue sit in a 4-byte packed pixel (byte offsets 0..3; the fourth byte is ignored).</summary>
internal readonly record struct PackedRgbOrder(int Red, int Green, int Blue)
{
    /// <summary>The order of a packed capture format, or null when the format is not packed 4-byte RGB.</summary>
    public static PackedRgbOrder? Of(PixelFormat format) => format switch
    {
        PixelFormat.Bgrx or PixelFormat.Bgra => new PackedRgbOrder(2, 1, 0),
        PixelFormat.Rgbx or PixelFormat.Rgba => new PackedRgbOrder(0, 1, 2),
        PixelFormat.Xbgr => new PackedRgbOrder(3, 2, 1),
        PixelFormat.Xrgb => new PackedRgbOrder(1, 2, 3),
        _ => null,
    };

    public bool IsValid =>
        Red is >= 0 and <= 3 && Green is >= 0 and <= 3 && Blue is >= 0 and <= 3 && Red != Green && Red != Blue && Green != Blue;
}
