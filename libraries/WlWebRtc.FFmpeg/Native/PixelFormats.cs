namespace WlWebRtc.FFmpeg;

/// <summary>AVPixelFormat values, looked up by name (the enum's numbering differs between FFmpeg majors).</summary>
public static class PixelFormats
{
    private static readonly Lazy<int> Yuv420pValue = new(() => Find("yuv420p"));
    private static readonly Lazy<int> Nv12Value = new(() => Find("nv12"));
    private static readonly Lazy<int> DrmPrimeValue = new(() => Find("drm_prime"));

    /// <summary>Planar 4:2:0.</summary>
    public static int Yuv420p => Yuv420pValue.Value;

    /// <summary>Semi-planar 4:2:0 (what hardware encoders take).</summary>
    public static int Nv12 => Nv12Value.Value;

    internal static int DrmPrime => DrmPrimeValue.Value;

    /// <summary>The AVPixelFormat of a packed RGB capture format, or -1 when there is none.</summary>
    internal static int FromPacked(Media.PixelFormat format) => format switch
    {
        Media.PixelFormat.Bgrx => Find("bgr0"),
        Media.PixelFormat.Bgra => Find("bgra"),
        Media.PixelFormat.Rgbx => Find("rgb0"),
        Media.PixelFormat.Rgba => Find("rgba"),
        Media.PixelFormat.Xbgr => Find("0bgr"),
        Media.PixelFormat.Xrgb => Find("0rgb"),
        _ => -1,
    };

    /// <summary>An AVPixelFormat by its FFmpeg name (e.g. a hardware surface format such as "vaapi").</summary>
    public static int Find(string name)
    {
        var value = Interop.AvUtil.av_get_pix_fmt(name);
        return value < 0 ? throw new FFmpegException($"this FFmpeg does not know the pixel format {name}") : value;
    }
}
