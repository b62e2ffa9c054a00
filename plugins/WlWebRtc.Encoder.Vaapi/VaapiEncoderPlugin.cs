using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.Vaapi;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Plugins;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(VaapiEncoderPlugin))]

namespace WlWebRtc.Encoder.Vaapi;

/// <summary>H.264 on the GPU through VA-API (h264_vaapi), with DMA-BUF import.</summary>
public sealed class VaapiEncoderPlugin : LibavEncoderPlugin<VaapiEncoderOptions>
{
    public override PluginMetadata Metadata { get; } = new("vaapi", PluginKind.Encoder, new Version(1, 0, 0), 200, "H.264 on the GPU through VA-API (h264_vaapi via libavcodec)")
    {
        Requires = HardwareRequirements.RenderNode | HardwareRequirements.Vaapi,
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public override EncoderInputCapabilities InputCapabilities => H264Encoders.VaapiInput;

    protected override VaapiEncoderOptions ReadOptions(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors) =>
        VaapiEncoderOptions.Read(settings, out errors);

    /// <summary>Picks the render node: the configured one, else the first that can encode H.264.</summary>
    protected override VaapiEncoderOptions? Prepare(VaapiEncoderOptions options, PluginContext context, out string reason)
    {
        var device = VaapiDeviceSelection.Select(context.Hardware, options.Device, options.LowPower, out reason);
        return device is null ? null : options with { Device = device };
    }

    protected override IVideoEncoder Create(EncoderSettings settings, VaapiEncoderOptions options, PluginContext context) =>
        H264Encoders.CreateVaapi(settings, options, context.LoggerFactory.CreateLogger<VaapiEncoderPlugin>());
}
