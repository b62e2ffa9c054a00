using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Testing;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>
/// The measuring window of the capture measurement tests: at least five seconds and at least
/// <see cref="MinimumFrames"/> frames. The tests report rate, latency and CPU; they assert only that frames keep
/// arriving, since a frame-rate threshold measured the machine's load (1 frame in 5 s at load 50), not the capture.
/// </summary>
internal static class CaptureMeasurement
{
    public const int MinimumFrames = 30;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public static async Task<Result> RunAsync(RecordingSink sink)
    {
        while (sink.Latencies.TryDequeue(out _))
        {
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var framesBefore = sink.Count;
        var clock = Stopwatch.StartNew();
        await Task.Delay(Window);
        await Poll.UntilAsync(() => sink.Count - framesBefore >= MinimumFrames, $"{MinimumFrames} frames in the measuring window", Limit);
        var elapsed = clock.Elapsed;
        process.Refresh();
        var latencies = sink.Latencies.Select(t => t * 1_000_000.0 / Stopwatch.Frequency).Order().ToList();
        return new Result(sink.Count - framesBefore, elapsed, process.TotalProcessorTime - cpuBefore, latencies);
    }

    /// <param name="LatenciesMicroseconds">Dequeue → sink, sorted.</param>
    public sealed record Result(int Frames, TimeSpan Elapsed, TimeSpan Cpu, IReadOnlyList<double> LatenciesMicroseconds)
    {
        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"frames={Frames} in {Elapsed.TotalSeconds:0.0} s ({Frames / Elapsed.TotalSeconds:0.0} fps) dequeue->sink p50={Percentile(0.5):0} us p95={Percentile(0.95):0} us max={LatenciesMicroseconds[^1]:0} us; test-process CPU per frame={Cpu.TotalMilliseconds * 1000 / Frames:0} us ({Cpu.TotalMilliseconds / Elapsed.TotalMilliseconds * 100:0.0}% of one core)");

        private double Percentile(double p) => LatenciesMicroseconds[Math.Min(LatenciesMicroseconds.Count - 1, (int)(LatenciesMicroseconds.Count * p))];
    }
}
