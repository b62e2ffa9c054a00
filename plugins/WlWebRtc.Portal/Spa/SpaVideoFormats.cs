using WlWebRtc.Media;

namespace WlWebRtc.Portal.Spa;

/// <summary>PixelFormat ↔ SPA_VIDEO_FORMAT_* (both name formats by byte order in memory).</summary>
internal static class SpaVideoFormats
{
    public const uint I420 = 2;
    public const uint Rgbx = 7;
    public const uint Bgrx = 8;
    public const uint Xrgb = 9;
    public const uint Xbgr = 10;
    public const uint Rgba = 11;
    public const uint Bgra = 12;
    public const uint Nv12 = 23;

    /// <summary>The SPA value, or null for formats a screen capture does not produce.</summary>
    public static uint? ToSpa(PixelFormat format) => format switch
    {
        PixelFormat.Bgrx => Bgrx,
        PixelFormat.Bgra => Bgra,
        PixelFormat.Rgbx => Rgbx,
        PixelFormat.Rgba => Rgba,
        PixelFormat.Xbgr => Xbgr,
        PixelFormat.Xrgb => Xrgb,
        PixelFormat.I420 => I420,
        PixelFormat.Nv12 => Nv12,
        _ => null,
    };

    public static PixelFormat FromSpa(uint format) => format switch
    {
        Bgrx => PixelFormat.Bgrx,
        Bgra => PixelFormat.Bgra,
        Rgbx => PixelFormat.Rgbx,
        Rgba => PixelFormat.Rgba,
        Xbgr => PixelFormat.Xbgr,
        Xrgb => PixelFormat.Xrgb,
        I420 => PixelFormat.I420,
        Nv12 => PixelFormat.Nv12,
        _ => PixelFormat.Unknown,
    };
}
