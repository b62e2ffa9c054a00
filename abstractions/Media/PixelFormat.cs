namespace WlWebRtc.Media;

/// <summary>
/// Pixel layouts of frames, named by byte order in memory (as PipeWire's SPA_VIDEO_FORMAT_* do):
/// <see cref="Bgrx"/> is bytes B,G,R,x — DRM's XRGB8888 on little-endian machines.
/// </summary>
public enum PixelFormat
{
    /// <summary>Unknown or unsupported.</summary>
    Unknown = 0,

    /// <summary>B, G, R, unused.</summary>
    Bgrx,

    /// <summary>B, G, R, alpha.</summary>
    Bgra,

    /// <summary>R, G, B, unused.</summary>
    Rgbx,

    /// <summary>R, G, B, alpha.</summary>
    Rgba,

    /// <summary>Unused, B, G, R.</summary>
    Xbgr,

    /// <summary>Unused, R, G, B.</summary>
    Xrgb,

    /// <summary>Planar 4:2:0: Y, then U and V at half resolution.</summary>
    I420,

    /// <summary>Semi-planar 4:2:0: Y, then interleaved UV at half resolution.</summary>
    Nv12,
}
