using WlWebRtc.Encoders;
using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>
/// What differs between libavcodec's H.264 encoders (libx264, h264_vaapi, h264_nvenc…): the codec, its options,
/// and how frames reach it. Each encoder plugin owns its backend; the shared core (<see cref="H264Encoders.Create"/>)
/// does the conversion, the encode loop, keyframes and bitrate changes.
/// </summary>
public abstract class H264Backend
{
    /// <summary>Packed RGB in CPU-readable memory: what a backend without hardware frames accepts.</summary>
    public static EncoderInputCapabilities PackedRgbInCpuMemory { get; } =
        new([PixelFormat.Bgrx, PixelFormat.Bgra, PixelFormat.Rgbx, PixelFormat.Rgba, PixelFormat.Xbgr, PixelFormat.Xrgb], FrameMemoryKinds.CpuReadable);

    /// <summary>The libavcodec encoder name.</summary>
    public abstract string CodecName { get; }

    /// <summary>The VBV buffer in milliseconds of the target bitrate; 0: one frame interval (bitrate / fps).</summary>
    public abstract int VbvBufferMilliseconds { get; }

    /// <summary>The frames this backend accepts.</summary>
    public virtual EncoderInputCapabilities InputCapabilities => PackedRgbInCpuMemory;

    /// <summary>The 4:2:0 layout (an AVPixelFormat from <see cref="PixelFormats"/>) the conversion produces for this encoder.</summary>
    public virtual int SoftwareFormat => PixelFormats.Yuv420p;

    /// <summary>One line for the log and the probe: codec, settings, size, rate and bitrate.</summary>
    public abstract string Describe(EncoderGeometry geometry);

    /// <summary>Sets every option before avcodec_open2.</summary>
    public abstract void Configure(CodecOptions options, EncoderGeometry geometry);

    /// <summary>Creates the hardware frames the context encodes from (null for a software encoder); called before Configure.</summary>
    public virtual HardwareFrames? CreateHardwareFrames(EncoderGeometry geometry) => null;

    /// <summary>
    /// Sets the rate-control options for a bitrate at <paramref name="frameRate"/>; at run time the wrappers pick changes
    /// up on the next frame (libx264 reconfigures bitrate and VBV in place).
    /// </summary>
    public virtual void ApplyBitrate(CodecOptions options, int bitsPerSecond, int frameRate)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Set("b", bitsPerSecond);
        options.Set("maxrate", bitsPerSecond);
        options.Set("bufsize", VbvBufferBits(bitsPerSecond, frameRate));
    }

    /// <summary>The VBV buffer in bits: <see cref="VbvBufferMilliseconds"/> of the bitrate, or one frame's share of it.</summary>
    public long VbvBufferBits(int bitsPerSecond, int frameRate) =>
        Math.Max(1000, VbvBufferMilliseconds > 0 ? (long)bitsPerSecond * VbvBufferMilliseconds / 1000 : bitsPerSecond / Math.Max(1, frameRate));

    /// <summary>Common context options: size, rate, BT.709 limited-range tags, no B-frames.</summary>
    protected static void ConfigureCommon(CodecOptions options, EncoderGeometry geometry, int pixelFormat)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(geometry);
        options.Set("video_size", $"{geometry.Width}x{geometry.Height}");
        options.Set("pixel_format", pixelFormat);
        options.Set("time_base", $"1/{geometry.FrameRate}");
        options.Set("bf", 0);
        options.Set("color_primaries", "bt709");
        options.Set("color_trc", "bt709");
        options.Set("colorspace", "bt709");
        options.Set("color_range", "tv");
    }
}
