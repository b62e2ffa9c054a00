using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WlWebRtc.Encoders;
using WlWebRtc.LatencyProbe;
using WlWebRtc.LatencyProbe.Content;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>
/// <c>wlwebrtc bench capture [--size WxH] [--fps N] [--seconds S] [--content NAME] [--json]</c>: runs the pattern source with a sink
/// that takes each frame and releases it at once, and reports frames delivered and the process CPU per frame
/// and as a share of one core.
/// </summary>
internal static class TestPatternBenchmark
{
    public const string Name = "capture";

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, Microsoft.Extensions.Logging.ILogger logger, CancellationToken cancellationToken)
    {
        var (width, height, fps, seconds, json) = (1920, 1080, 60, 5.0, false);
        var content = TestContent.Pattern;
        for (var i = 0; i < arguments.Count; i++)
        {
            var next = i + 1 < arguments.Count ? arguments[i + 1] : null;
            switch (arguments[i])
            {
                case "--size" when next is not null && TryParseSize(next, out width, out height):
                case "--fps" when next is not null && int.TryParse(next, CultureInfo.InvariantCulture, out fps) && fps is > 0 and <= 240:
                case "--seconds" when next is not null && double.TryParse(next, CultureInfo.InvariantCulture, out seconds) && seconds is > 0 and <= 600:
                case "--content" when next is not null && TestContentNames.TryParse(next, out content):
                    i++;
                    break;
                case "--json":
                    json = true;
                    break;
                default:
                    await output.WriteLineAsync($"bench capture: unexpected argument '{arguments[i]}' (use --size WxH --fps N --seconds S --content pattern|static|scrolling|motion --json)");
                    return 2;
            }
        }

        if (width < LatencyProbePattern.MinWidth || height < LatencyProbePattern.MinHeight || width % 2 != 0 || height % 2 != 0)
        {
            await output.WriteLineAsync($"bench capture: size must be even and at least {LatencyProbePattern.MinWidth}x{LatencyProbePattern.MinHeight}");
            return 2;
        }

        var sink = new CountingSink();
        await using var source = new TestPatternSource(new TestPatternOptions(width, height, fps, content), TimeProvider.System, logger);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await source.StartAsync(sink, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        await source.StopAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        var frames = sink.Frames;
        var report = new Dictionary<string, object>
        {
            ["size"] = $"{width}x{height}",
            ["content"] = TestContentNames.Of(content),
            ["fps_target"] = fps,
            ["frames"] = frames,
            ["fps_delivered"] = Math.Round(frames / elapsed, 2),
            ["cpu_ms_per_frame"] = frames == 0 ? 0 : Math.Round(cpu / frames, 4),
            ["cpu_percent_of_one_core"] = Math.Round(cpu / (elapsed * 1000) * 100, 2),
            ["skipped_frames"] = source.SkippedFrames,
        };
        await output.WriteLineAsync(json
            ? JsonSerializer.Serialize(report)
            : string.Join(Environment.NewLine, report.Select(kv => $"{kv.Key}: {Convert.ToString(kv.Value, CultureInfo.InvariantCulture)}")));
        return 0;
    }

    private static bool TryParseSize(string text, out int width, out int height)
    {
        width = height = 0;
        var parts = text.Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out width) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out height);
    }

    private sealed class CountingSink : IVideoFrameSink
    {
        private long _frames;

        public long Frames => Interlocked.Read(ref _frames);

        public void OnFrame(VideoFrame frame)
        {
            Interlocked.Increment(ref _frames);
            frame.Dispose();
        }

        public void OnStopped(Exception? failure)
        {
        }
    }
}
