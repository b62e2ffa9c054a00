using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Capture.TestPattern;
using WlWebRtc.Configuration;
using WlWebRtc.LatencyProbe.Content;
using WlWebRtc.Media;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(TestPatternPlugin))]

namespace WlWebRtc.Capture.TestPattern;

/// <summary>
/// The synthetic capture source: the latency probe pattern at a configured size and rate. Always available,
/// lowest priority, so it is picked only when no desktop can be captured (or when asked for by name).
/// </summary>
public sealed class TestPatternPlugin : ICapturePlugin, IBenchmarkablePlugin
{
    /// <summary>The plugin's name in the config.</summary>
    public const string Name = "testpattern";

    /// <inheritdoc />
    public PluginMetadata Metadata { get; } = new(Name, PluginKind.Capture, typeof(TestPatternPlugin).Assembly.GetName().Version!, 0,
        "Synthetic BGRx latency probe pattern (barcode with capture time; below it colour quadrants and a moving box, or a static, scrolling or moving content profile)");

    /// <inheritdoc />
    public IReadOnlyList<string> BenchmarkNames { get; } = [TestPatternBenchmark.Name];

    /// <inheritdoc />
    public Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TestPatternBenchmark.RunAsync(arguments, output, context.LoggerFactory.CreateLogger("WlWebRtc.Capture.TestPattern"), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = TestPatternOptions.Read(context.Settings);
        return ValueTask.FromResult(options is null
            ? ProbeResult.Unavailable("invalid settings: " + string.Join("; ", errors))
            : ProbeResult.Available($"synthetic {options.Width}x{options.Height} BGRx at {options.FrameRate} fps, {TestContentNames.Of(options.Content)} content"));
    }

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings) => TestPatternOptions.Read(settings).Errors;

    /// <inheritdoc />
    public ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (options, errors) = TestPatternOptions.Read(context.Settings);
        if (options is null)
        {
            throw new InvalidOperationException("Invalid [capture.testpattern] settings: " + string.Join("; ", errors));
        }

        if (!request.Accepts.Accepts(PixelFormat.Bgrx, FrameMemoryKinds.Cpu))
        {
            throw new NotSupportedException("The test pattern produces BGRx frames in CPU memory, which the selected encoder does not accept.");
        }

        if (request.MaxFrameRate > 0 && options.FrameRate > request.MaxFrameRate)
        {
            options = options with { FrameRate = request.MaxFrameRate };
        }

        var logger = context.LoggerFactory.CreateLogger("WlWebRtc.Capture.TestPattern");
        return ValueTask.FromResult<ICaptureSource>(new TestPatternSource(options, context.Time, logger));
    }
}
