using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.X264;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Plugins;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(X264EncoderPlugin))]

namespace WlWebRtc.Encoder.X264;

/// <summary>H.264 in software: libx264 through libavcodec, tuned for latency.</summary>
public sealed class X264EncoderPlugin : LibavEncoderPlugin<X264EncoderOptions>
{
    public override PluginMetadata Metadata { get; } = new("x264", PluginKind.Encoder, new Version(1, 0, 0), 100, "H.264 in software (libx264 through libavcodec)")
    {
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public override EncoderInputCapabilities InputCapabilities => H264Encoders.SoftwareInput;

    protected override X264EncoderOptions ReadOptions(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors) =>
        X264EncoderOptions.Read(settings, out errors);

    protected override IVideoEncoder Create(EncoderSettings settings, X264EncoderOptions options, PluginContext context) =>
        H264Encoders.Create(new X264Backend(options), settings, context.LoggerFactory.CreateLogger<X264EncoderPlugin>());
}
