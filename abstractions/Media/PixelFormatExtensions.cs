namespace WlWebRtc.Media;

/// <summary>Facts about <see cref="PixelFormat"/> values.</summary>
public static class PixelFormatExtensions
{
    /// <summary>Bytes per pixel of a packed format, or 0 for a planar one.</summary>
    public static int BytesPerPixel(this PixelFormat format) => format switch
    {
        PixelFormat.Bgrx or PixelFormat.Bgra or PixelFormat.Rgbx or PixelFormat.Rgba or PixelFormat.Xbgr or PixelFormat.Xrgb => 4,
        _ => 0,
    };

    /// <summary>Whether the format is one packed RGB plane.</summary>
    public static bool IsPackedRgb(this PixelFormat format) => format.BytesPerPixel() == 4;
}
