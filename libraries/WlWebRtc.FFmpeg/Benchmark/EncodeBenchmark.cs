using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>
/// The "encode" benchmark every encoder plugin offers: synthetic desktop frames (BGRx) through the encoder,
/// per-frame latency (conversion and encode separately), throughput, CPU per frame, peak RSS; then, when ffmpeg
/// is on PATH, the same frames through the ffmpeg command line for a CPU-per-frame ratio.
/// </summary>
public static class EncodeBenchmark
{
    public const string Name = "encode";

    // Distinct frames cycled through (content moves between them); few enough to keep memory modest.
    private const int DistinctFrames = 8;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static async Task<int> RunAsync(string name, string encoderName, IReadOnlyList<string> arguments, TextWriter output, Func<EncoderSettings, IVideoEncoder> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(create);
        if (name != Name)
        {
            await output.WriteLineAsync($"unknown benchmark '{name}'; this plugin offers: {Name}");
            return 2;
        }

        var parsed = EncodeBenchmarkArguments.Parse(arguments, out var error);
        if (parsed is null)
        {
            await output.WriteLineAsync(error);
            return 2;
        }

        try
        {
            var report = await Task.Run(() => Measure(encoderName, parsed, create, cancellationToken), cancellationToken);
            await output.WriteLineAsync(parsed.Json ? JsonSerializer.Serialize(report, JsonOptions) : Format(report));
            return 0;
        }
        catch (Exception e) when (e is VideoEncoderException or FFmpegException or InvalidOperationException or IOException)
        {
            await output.WriteLineAsync($"encode benchmark failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<EncodeBenchmarkReport> Measure(string encoderName, EncodeBenchmarkArguments a, Func<EncoderSettings, IVideoEncoder> create, CancellationToken cancellationToken)
    {
        var stride = a.Width * 4;
        var frames = new byte[DistinctFrames][];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = new byte[stride * a.Height];
            SyntheticFrames.Desktop(frames[i], a.Width, a.Height, stride, i * 15);
        }

        using var encoder = create(new EncoderSettings(a.Width, a.Height, a.FrameRate, a.Bitrate));
        var timed = encoder as LibavH264Encoder;
        var conversion = new List<double>(a.Frames);
        var encode = new List<double>(a.Frames);
        var total = new List<double>(a.Frames);
        long bytes = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < a.Frames; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var frame = new PackedVideoFrame(frames[i % frames.Length], PixelFormat.Bgrx, a.Width, a.Height, stride, i);
            var begin = Stopwatch.GetTimestamp();
            using (var unit = encoder.Encode(frame))
            {
                bytes += unit?.Data.Length ?? 0;
            }

            total.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
            if (timed is not null)
            {
                conversion.Add(timed.LastTimings.ConversionTicks * 1000.0 / Stopwatch.Frequency);
                encode.Add(timed.LastTimings.EncodeTicks * 1000.0 / Stopwatch.Frequency);
            }
        }

        var wall = clock.Elapsed;
        process.Refresh();
        var cpuPerFrame = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / a.Frames;
        var report = new EncodeBenchmarkReport
        {
            Encoder = encoderName,
            Description = encoder.Description,
            Width = a.Width,
            Height = a.Height,
            FrameRate = a.FrameRate,
            Frames = a.Frames,
            BitrateBitsPerSecond = a.Bitrate,
            ConversionMilliseconds = Percentiles.Of(conversion),
            EncodeMilliseconds = Percentiles.Of(encode),
            TotalMilliseconds = Percentiles.Of(total),
            ThroughputFramesPerSecond = a.Frames / wall.TotalSeconds,
            CpuMillisecondsPerFrame = cpuPerFrame,
            PeakRssMegabytes = ProcessStats.PeakRssBytes() / (1024.0 * 1024.0),
            OutputBitsPerSecond = bytes * 8.0 * a.FrameRate / a.Frames,
        };

        if (!a.Reference)
        {
            return report with { ReferenceSkipped = "--no-reference" };
        }

        if (FfmpegReference.Find() is not { } ffmpeg)
        {
            return report with { ReferenceSkipped = "ffmpeg is not on PATH" };
        }

        var reference = await FfmpegReference.RunAsync(ffmpeg, a, a.Width, a.Height, frames, cpuPerFrame, cancellationToken);
        return report with { Reference = reference };
    }

    private static string Format(EncodeBenchmarkReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine(c, $"encode benchmark: {r.Encoder} — {r.Description}");
        text.AppendLine(c, $"  {r.Frames} frames {r.Width}x{r.Height}@{r.FrameRate}, target {r.BitrateBitsPerSecond / 1000} kb/s, output {r.OutputBitsPerSecond / 1000:F0} kb/s");
        text.AppendLine(c, $"  conversion ms  p50 {r.ConversionMilliseconds.P50:F2}  p95 {r.ConversionMilliseconds.P95:F2}  p99 {r.ConversionMilliseconds.P99:F2}");
        text.AppendLine(c, $"  encode ms      p50 {r.EncodeMilliseconds.P50:F2}  p95 {r.EncodeMilliseconds.P95:F2}  p99 {r.EncodeMilliseconds.P99:F2}");
        text.AppendLine(c, $"  total ms       p50 {r.TotalMilliseconds.P50:F2}  p95 {r.TotalMilliseconds.P95:F2}  p99 {r.TotalMilliseconds.P99:F2}");
        text.AppendLine(c, $"  throughput {r.ThroughputFramesPerSecond:F1} frames/s, CPU {r.CpuMillisecondsPerFrame:F2} ms/frame, peak RSS {r.PeakRssMegabytes:F0} MB");
        if (r.Reference is { } reference)
        {
            text.AppendLine(c, $"  ffmpeg: CPU {reference.CpuMillisecondsPerFrame:F2} ms/frame ({reference.WallSeconds:F1} s); ratio ours/ffmpeg {reference.CpuRatio:F3}");
            text.AppendLine(c, $"  ffmpeg command: {reference.Command}");
        }
        else
        {
            text.AppendLine(c, $"  ffmpeg reference skipped: {r.ReferenceSkipped}");
        }

        return text.ToString();
    }
}
