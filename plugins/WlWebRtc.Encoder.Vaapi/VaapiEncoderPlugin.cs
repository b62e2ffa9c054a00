using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.Vaapi;
using WlWebRtc.Encoder.Vaapi.Probing;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Plugins;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(VaapiEncoderPlugin))]

namespace WlWebRtc.Encoder.Vaapi;

/// <summary>
/// H.264 on the GPU through VA-API (h264_vaapi), with DMA-BUF import. The host lists the render nodes; this plugin
/// asks libva what each can do. Its probe runs in a child process, so libva and the vendor driver it loads never
/// run in the host just to find out.
/// </summary>
public sealed partial class VaapiEncoderPlugin : LibavEncoderPlugin<VaapiEncoderOptions>
{
    private readonly IVaapiNative _libva;

    /// <summary>The plugin on the real libva.</summary>
    public VaapiEncoderPlugin()
        : this(LibVaNative.Instance)
    {
    }

    /// <summary>The plugin on another libva, for tests without a GPU.</summary>
    internal VaapiEncoderPlugin(IVaapiNative libva) => _libva = libva;

    public override PluginMetadata Metadata { get; } = new("vaapi", PluginKind.Encoder, new Version(1, 0, 0), 200, "H.264 on the GPU through VA-API (h264_vaapi via libavcodec)")
    {
        Requires = HardwareRequirements.RenderNode,
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public override EncoderInputCapabilities InputCapabilities => VaapiBackend.Capabilities;

    protected override VaapiEncoderOptions ReadOptions(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors) =>
        VaapiEncoderOptions.Read(settings, out errors);

    /// <summary>Picks the render node: the configured one, else the first whose VA-API driver encodes H.264.</summary>
    protected override VaapiEncoderOptions? Prepare(VaapiEncoderOptions options, PluginContext context, out string reason)
    {
        var logger = context.LoggerFactory.CreateLogger<VaapiEncoderPlugin>();
        var probe = new VaapiProbe(_libva);
        var device = VaapiDeviceSelection.Select(context.Hardware.RenderNodes, options.Device, options.LowPower, node =>
        {
            var info = probe.Probe(node);
            Log.RenderNodeProbed(logger, node, info.Status.Reason);
            return info;
        }, out reason);
        return device is null ? null : options with { Device = device };
    }

    protected override IVideoEncoder Create(EncoderSettings settings, VaapiEncoderOptions options, PluginContext context) =>
        H264Encoders.Create(new VaapiBackend(options), settings, context.LoggerFactory.CreateLogger<VaapiEncoderPlugin>());

    private static partial class Log
    {
        [LoggerMessage(EventIds.RenderNodeProbed, LogLevel.Debug, "VA-API on {RenderNode}: {Reason}")]
        public static partial void RenderNodeProbed(ILogger logger, string renderNode, string reason);
    }
}
