using Microsoft.Extensions.Logging;
using WlWebRtc.Encoders;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>Creates libavcodec-based H.264 encoders from the backend an encoder plugin owns.</summary>
public static class H264Encoders
{
    /// <summary>What a software encoder accepts: packed RGB in CPU-readable memory.</summary>
    public static EncoderInputCapabilities SoftwareInput => H264Backend.PackedRgbInCpuMemory;

    /// <summary>An encoder on <paramref name="backend"/>. Throws <see cref="VideoEncoderException"/> with the reason when it cannot be opened.</summary>
    public static IVideoEncoder Create(H264Backend backend, EncoderSettings settings, ILogger logger) =>
        new LibavH264Encoder(backend, settings, logger);
}
