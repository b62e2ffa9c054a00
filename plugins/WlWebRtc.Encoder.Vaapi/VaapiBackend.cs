using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.Media;

namespace WlWebRtc.Encoder.Vaapi;

/// <summary>
/// h264_vaapi with hardware frames: system-memory frames are converted to NV12 and uploaded, DMA-BUF frames are
/// mapped (DRM PRIME → VA surface). CBR, no B-frames, async depth 1, IDR on request.
/// Bitrate changes: libavcodec 59's VA-API encoder reads rate control only at open; newer ones re-read it.
/// </summary>
internal sealed class VaapiBackend(VaapiEncoderOptions options) : H264Backend
{
    // Enough surfaces for the reference frame, the frame in flight and the one being uploaded.
    private const int PoolSize = 8;

    private static readonly Lazy<int> VaapiSurface = new(() => PixelFormats.Find("vaapi"));

    public override string CodecName => "h264_vaapi";

    public override int VbvBufferMilliseconds => options.VbvBufferMilliseconds;

    public override int SoftwareFormat => PixelFormats.Nv12;

    /// <summary>Packed RGB uploaded from CPU memory, or DMA-BUFs mapped without a copy.</summary>
    public static EncoderInputCapabilities Capabilities { get; } = new(
        [PixelFormat.Bgrx, PixelFormat.Bgra, PixelFormat.Rgbx, PixelFormat.Rgba, PixelFormat.Xbgr, PixelFormat.Xrgb, PixelFormat.Nv12],
        FrameMemoryKinds.CpuReadable | FrameMemoryKinds.DmaBuf);

    public override EncoderInputCapabilities InputCapabilities => Capabilities;

    public override string Describe(EncoderGeometry geometry) =>
        $"H.264 VA-API ({options.Device}{(options.LowPower ? ", low-power" : "")}), {H264Profiles.Name(options.Profile)}, " +
        $"{geometry.Width}x{geometry.Height}@{geometry.FrameRate}, CBR {geometry.BitrateBitsPerSecond / 1000} kb/s";

    public override HardwareFrames? CreateHardwareFrames(EncoderGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return HardwareFrames.Open("vaapi", options.Device, VaapiSurface.Value, PixelFormats.Nv12, geometry.Width, geometry.Height, PoolSize);
    }

    public override void Configure(CodecOptions codec, EncoderGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ConfigureCommon(codec, geometry, VaapiSurface.Value);
        codec.Set("g", 1 << 20); // effectively no periodic IDR; IDRs come on request
        codec.SetPrivate("rc_mode", "CBR");
        codec.SetPrivate("profile", options.Profile switch
        {
            H264Profile.Main => "main",
            H264Profile.High => "high",
            _ => "constrained_baseline",
        });
        codec.SetPrivate("level", H264Level.Compute(geometry.Width, geometry.Height, geometry.FrameRate, geometry.BitrateBitsPerSecond, options.Profile == H264Profile.High));
        codec.SetPrivate("low_power", options.LowPower ? 1 : 0);
        codec.SetPrivate("async_depth", options.AsyncDepth);
    }
}
