using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.Nvenc;
using WlWebRtc.Encoder.Nvenc.Probing;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Plugins;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(NvencEncoderPlugin))]

namespace WlWebRtc.Encoder.Nvenc;

/// <summary>
/// H.264 on NVIDIA GPUs through NVENC (h264_nvenc). This plugin finds the NVIDIA driver and loads libnvidia-encode
/// and libcuda itself; its probe runs in a child process, so they never load in the host just to find out.
/// </summary>
public sealed partial class NvencEncoderPlugin : LibavEncoderPlugin<NvencEncoderOptions>
{
    private readonly NvidiaDetector _nvidia;

    /// <summary>The plugin on this machine's /proc and libraries.</summary>
    public NvencEncoderPlugin()
        : this(new NvidiaDetector("/proc", NativeLibraryProbe.Instance))
    {
    }

    /// <summary>The plugin on another /proc and library loader, for tests without a GPU.</summary>
    internal NvencEncoderPlugin(NvidiaDetector nvidia) => _nvidia = nvidia;

    public override PluginMetadata Metadata { get; } = new("nvenc", PluginKind.Encoder, new Version(1, 0, 0), 300, "H.264 on NVIDIA GPUs through NVENC (h264_nvenc via libavcodec)")
    {
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public override EncoderInputCapabilities InputCapabilities => H264Encoders.SoftwareInput;

    protected override NvencEncoderOptions ReadOptions(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors) =>
        NvencEncoderOptions.Read(settings, out errors);

    /// <summary>Needs the NVIDIA driver, libnvidia-encode and libcuda.</summary>
    protected override NvencEncoderOptions? Prepare(NvencEncoderOptions options, PluginContext context, out string reason)
    {
        var available = NvencAvailability.Check(_nvidia.Detect(), out reason);
        Log.NvidiaDetected(context.LoggerFactory.CreateLogger<NvencEncoderPlugin>(), reason);
        return available ? options : null;
    }

    protected override IVideoEncoder Create(EncoderSettings settings, NvencEncoderOptions options, PluginContext context) =>
        H264Encoders.Create(new NvencBackend(options), settings, context.LoggerFactory.CreateLogger<NvencEncoderPlugin>());

    private static partial class Log
    {
        [LoggerMessage(EventIds.NvidiaDetected, LogLevel.Debug, "NVENC: {Reason}")]
        public static partial void NvidiaDetected(ILogger logger, string reason);
    }
}
