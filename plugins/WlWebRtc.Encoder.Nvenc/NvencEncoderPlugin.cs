using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.Nvenc;
using WlWebRtc.Encoding;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Benchmark;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Probing;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(NvencEncoderPlugin))]

namespace WlWebRtc.Encoder.Nvenc;

/// <summary>H.264 on NVIDIA GPUs through NVENC (h264_nvenc).</summary>
public sealed class NvencEncoderPlugin : IEncoderPlugin, IBenchmarkablePlugin
{
    public PluginMetadata Metadata { get; } = new("nvenc", PluginKind.Encoder, new Version(1, 0, 0), 300, "H.264 on NVIDIA GPUs through NVENC (h264_nvenc via libavcodec)")
    {
        Requires = HardwareRequirements.Nvenc,
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public EncoderInputCapabilities InputCapabilities => H264Encoders.SoftwareInput;

    public IReadOnlyList<string> BenchmarkNames { get; } = [EncodeBenchmark.Name];

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        NvencEncoderOptions.Read(settings, out var errors);
        return errors;
    }

    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = NvencEncoderOptions.Read(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("invalid [encoder.nvenc] settings: " + string.Join("; ", errors)));
        }

        return NvencAvailability.Check(context.Hardware.Nvidia, out var reason)
            ? EncoderProbe.TestEncodeAsync("nvenc", settings => Create(settings, options, context), cancellationToken)
            : ValueTask.FromResult(ProbeResult.Unavailable(reason));
    }

    public IVideoEncoder CreateEncoder(EncoderSettings settings, PluginContext context) => Create(settings, Resolve(context), context);

    public Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        NvencEncoderOptions options;
        try
        {
            options = Resolve(context);
        }
        catch (VideoEncoderException e)
        {
            output.WriteLine(e.Message);
            return Task.FromResult(1);
        }

        return EncodeBenchmark.RunAsync(name, "nvenc", arguments, output, settings => Create(settings, options, context), cancellationToken);
    }

    private static NvencEncoderOptions Resolve(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = NvencEncoderOptions.Read(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            throw new VideoEncoderException("invalid [encoder.nvenc] settings: " + string.Join("; ", errors));
        }

        return NvencAvailability.Check(context.Hardware.Nvidia, out var reason)
            ? options
            : throw new VideoEncoderException("NVENC is unavailable: " + reason);
    }

    private static IVideoEncoder Create(EncoderSettings settings, NvencEncoderOptions options, PluginContext context) =>
        H264Encoders.CreateNvenc(settings, options, context.LoggerFactory.CreateLogger<NvencEncoderPlugin>());
}
