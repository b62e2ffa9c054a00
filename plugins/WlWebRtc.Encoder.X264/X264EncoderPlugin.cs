using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.X264;
using WlWebRtc.Encoding;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Benchmark;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Probing;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(X264EncoderPlugin))]

namespace WlWebRtc.Encoder.X264;

/// <summary>H.264 in software: libx264 through libavcodec, tuned for latency.</summary>
public sealed class X264EncoderPlugin : IEncoderPlugin, IBenchmarkablePlugin
{
    public PluginMetadata Metadata { get; } = new("x264", PluginKind.Encoder, new Version(1, 0, 0), 100, "H.264 in software (libx264 through libavcodec)")
    {
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public EncoderInputCapabilities InputCapabilities => H264Encoders.SoftwareInput;

    public IReadOnlyList<string> BenchmarkNames { get; } = [EncodeBenchmark.Name];

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        X264EncoderOptions.Read(settings, out var errors);
        return errors;
    }

    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = X264EncoderOptions.Read(context.Settings, out var errors);
        return errors.Count > 0
            ? ValueTask.FromResult(ProbeResult.Unavailable("invalid [encoder.x264] settings: " + string.Join("; ", errors)))
            : EncoderProbe.TestEncodeAsync("x264", settings => Create(settings, options, context), cancellationToken);
    }

    public IVideoEncoder CreateEncoder(EncoderSettings settings, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = X264EncoderOptions.Read(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            throw new VideoEncoderException("invalid [encoder.x264] settings: " + string.Join("; ", errors));
        }

        return Create(settings, options, context);
    }

    public Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = X264EncoderOptions.Read(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            output?.WriteLine("invalid [encoder.x264] settings: " + string.Join("; ", errors));
            return Task.FromResult(2);
        }

        return EncodeBenchmark.RunAsync(name, "x264", arguments, output!, settings => Create(settings, options, context), cancellationToken);
    }

    private static IVideoEncoder Create(EncoderSettings settings, X264EncoderOptions options, PluginContext context) =>
        H264Encoders.CreateX264(settings, options, context.LoggerFactory.CreateLogger<X264EncoderPlugin>());
}
