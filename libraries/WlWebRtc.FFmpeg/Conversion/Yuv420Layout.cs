namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>How the 4:2:0 output is laid out in memory.</summary>
internal enum Yuv420Layout
{
    /// <summary>Three planes: Y, then Cb and Cr at half width and half height (yuv420p).</summary>
    I420,

    /// <summary>Two planes: Y, then Cb/Cr interleaved at half height (nv12).</summary>
    Nv12,
}
