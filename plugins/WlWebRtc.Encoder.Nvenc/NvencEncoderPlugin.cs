using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.Nvenc;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Plugins;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(NvencEncoderPlugin))]

namespace WlWebRtc.Encoder.Nvenc;

/// <summary>H.264 on NVIDIA GPUs through NVENC (h264_nvenc).</summary>
public sealed class NvencEncoderPlugin : LibavEncoderPlugin<NvencEncoderOptions>
{
    public override PluginMetadata Metadata { get; } = new("nvenc", PluginKind.Encoder, new Version(1, 0, 0), 300, "H.264 on NVIDIA GPUs through NVENC (h264_nvenc via libavcodec)")
    {
        Requires = HardwareRequirements.Nvenc,
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public override EncoderInputCapabilities InputCapabilities => H264Encoders.SoftwareInput;

    protected override NvencEncoderOptions ReadOptions(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors) =>
        NvencEncoderOptions.Read(settings, out errors);

    /// <summary>Needs the NVIDIA driver, libnvidia-encode and libcuda.</summary>
    protected override NvencEncoderOptions? Prepare(NvencEncoderOptions options, PluginContext context, out string reason) =>
        NvencAvailability.Check(context.Hardware.Nvidia, out reason) ? options : null;

    protected override IVideoEncoder Create(EncoderSettings settings, NvencEncoderOptions options, PluginContext context) =>
        H264Encoders.CreateNvenc(settings, options, context.LoggerFactory.CreateLogger<NvencEncoderPlugin>());
}
