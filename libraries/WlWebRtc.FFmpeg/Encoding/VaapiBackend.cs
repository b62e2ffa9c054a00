namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>
/// h264_vaapi with hardware frames: system-memory frames are converted to NV12 and uploaded, DMA-BUF frames are
/// mapped (DRM PRIME → VA surface). CBR, no B-frames, async depth 1, IDR on request.
/// Bitrate changes: libavcodec 59's VA-API encoder reads rate control only at open; newer ones re-read it.
/// </summary>
internal sealed class VaapiBackend(VaapiEncoderOptions options) : H264Backend
{
    // Enough surfaces for the reference frame, the frame in flight and the one being uploaded.
    private const int PoolSize = 8;

    public override string CodecName => "h264_vaapi";

    public override int VbvBufferMilliseconds => options.VbvBufferMilliseconds;

    public override int SoftwareFormat => PixelFormats.Nv12;

    public override WlWebRtc.Encoders.EncoderInputCapabilities InputCapabilities { get; } = new(
        [Media.PixelFormat.Bgrx, Media.PixelFormat.Bgra, Media.PixelFormat.Rgbx, Media.PixelFormat.Rgba, Media.PixelFormat.Xbgr, Media.PixelFormat.Xrgb, Media.PixelFormat.Nv12],
        Media.FrameMemoryKinds.CpuReadable | Media.FrameMemoryKinds.DmaBuf);

    public override string Describe(EncoderGeometry geometry) =>
        $"H.264 VA-API ({options.Device}{(options.LowPower ? ", low-power" : "")}), {X264Backend.ProfileName(options.Profile)}, " +
        $"{geometry.Width}x{geometry.Height}@{geometry.FrameRate}, CBR {geometry.BitrateBitsPerSecond / 1000} kb/s";

    public override HardwareFrames? CreateHardwareFrames(EncoderGeometry geometry)
    {
        var device = HardwareFrames.OpenDevice("vaapi", options.Device);
        return HardwareFrames.Create(device, PixelFormats.Vaapi, PixelFormats.Nv12, geometry.Width, geometry.Height, PoolSize);
    }

    public override void Configure(CodecOptions codec, EncoderGeometry geometry)
    {
        ConfigureCommon(codec, geometry, PixelFormats.Vaapi);
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
