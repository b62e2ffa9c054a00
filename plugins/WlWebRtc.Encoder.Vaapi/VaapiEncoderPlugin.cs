using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Configuration;
using WlWebRtc.Encoder.Vaapi;
using WlWebRtc.Encoding;
using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Benchmark;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Probing;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(VaapiEncoderPlugin))]

namespace WlWebRtc.Encoder.Vaapi;

/// <summary>H.264 on the GPU through VA-API (h264_vaapi), with DMA-BUF import.</summary>
public sealed class VaapiEncoderPlugin : IEncoderPlugin, IBenchmarkablePlugin
{
    public PluginMetadata Metadata { get; } = new("vaapi", PluginKind.Encoder, new Version(1, 0, 0), 200, "H.264 on the GPU through VA-API (h264_vaapi via libavcodec)")
    {
        Requires = HardwareRequirements.RenderNode | HardwareRequirements.Vaapi,
        ProbeIsolation = ProbeIsolation.ChildProcess,
    };

    public EncoderInputCapabilities InputCapabilities => H264Encoders.VaapiInput;

    public IReadOnlyList<string> BenchmarkNames { get; } = [EncodeBenchmark.Name];

    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        VaapiEncoderOptions.Read(settings, out var errors);
        return errors;
    }

    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = VaapiEncoderOptions.Read(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            return ValueTask.FromResult(ProbeResult.Unavailable("invalid [encoder.vaapi] settings: " + string.Join("; ", errors)));
        }

        var device = VaapiDeviceSelection.Select(context.Hardware, options.Device, options.LowPower, out var reason);
        return device is null
            ? ValueTask.FromResult(ProbeResult.Unavailable(reason))
            : EncoderProbe.TestEncodeAsync("vaapi", settings => Create(settings, options with { Device = device }, context), cancellationToken);
    }

    public IVideoEncoder CreateEncoder(EncoderSettings settings, PluginContext context) => Create(settings, Resolve(context), context);

    public Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        VaapiEncoderOptions options;
        try
        {
            options = Resolve(context);
        }
        catch (VideoEncoderException e)
        {
            output.WriteLine(e.Message);
            return Task.FromResult(1);
        }

        return EncodeBenchmark.RunAsync(name, "vaapi", arguments, output, settings => Create(settings, options, context), cancellationToken);
    }

    private static VaapiEncoderOptions Resolve(PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = VaapiEncoderOptions.Read(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            throw new VideoEncoderException("invalid [encoder.vaapi] settings: " + string.Join("; ", errors));
        }

        var device = VaapiDeviceSelection.Select(context.Hardware, options.Device, options.LowPower, out var reason)
            ?? throw new VideoEncoderException("VA-API cannot encode H.264 here: " + reason);
        return options with { Device = device };
    }

    private static IVideoEncoder Create(EncoderSettings settings, VaapiEncoderOptions options, PluginContext context) =>
        H264Encoders.CreateVaapi(settings, options, context.LoggerFactory.CreateLogger<VaapiEncoderPlugin>());
}
