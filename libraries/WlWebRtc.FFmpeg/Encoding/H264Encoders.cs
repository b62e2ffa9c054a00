using Microsoft.Extensions.Logging;
using WlWebRtc.Encoders;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>Creates the libavcodec-based H.264 encoders the plugins expose.</summary>
public static class H264Encoders
{
    /// <summary>What the x264 encoder accepts: packed RGB in CPU-readable memory.</summary>
    public static EncoderInputCapabilities SoftwareInput => H264Backend.PackedRgbInCpuMemory;

    /// <summary>What the VA-API encoder accepts: packed RGB uploaded from CPU memory, or DMA-BUFs mapped without a copy.</summary>
    public static EncoderInputCapabilities VaapiInput { get; } = new VaapiBackend(new VaapiEncoderOptions()).InputCapabilities;

    /// <summary>libx264. Throws <see cref="VideoEncoderException"/> with the reason when it cannot be opened.</summary>
    public static IVideoEncoder CreateX264(EncoderSettings settings, X264EncoderOptions options, ILogger logger) =>
        new LibavH264Encoder(new X264Backend(options), settings, logger);

    /// <summary>h264_vaapi on a render node.</summary>
    public static IVideoEncoder CreateVaapi(EncoderSettings settings, VaapiEncoderOptions options, ILogger logger) =>
        new LibavH264Encoder(new VaapiBackend(options), settings, logger);

    /// <summary>h264_nvenc.</summary>
    public static IVideoEncoder CreateNvenc(EncoderSettings settings, NvencEncoderOptions options, ILogger logger) =>
        new LibavH264Encoder(new NvencBackend(options), settings, logger);
}
