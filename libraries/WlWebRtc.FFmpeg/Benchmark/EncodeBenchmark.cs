using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Decoding;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.FFmpeg.Encoding;
using WlWebRtc.Media;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>
/// The "encode" benchmark every encoder plugin offers: synthetic desktop frames (BGRx) through the encoder,
/// per-frame latency (conversion and encode separately), throughput, CPU per frame, peak RSS, output bitrate, largest
/// frame and luma PSNR of the decoded output; with --content, per test pattern content profile; without it, when
/// ffmpeg is on PATH, the same frames through the ffmpeg command line for a CPU-per-frame ratio.
/// </summary>
public static class EncodeBenchmark
{
    public const string Name = "encode";

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
            var reports = await Task.Run(() => MeasureAll(encoderName, parsed, create, cancellationToken), cancellationToken);
            if (parsed.Json)
            {
                await output.WriteLineAsync(reports.Count == 1 ? JsonSerializer.Serialize(reports[0], JsonOptions) : JsonSerializer.Serialize(reports, JsonOptions));
            }
            else
            {
                foreach (var report in reports)
                {
                    await output.WriteLineAsync(Format(report));
                }

                if (reports.Count > 1)
                {
                    await output.WriteLineAsync(FormatTable(reports));
                }
            }

            return 0;
        }
        catch (Exception e) when (e is VideoEncoderException or FFmpegException or InvalidOperationException or IOException)
        {
            await output.WriteLineAsync($"encode benchmark failed: {e.Message}");
            return 1;
        }
    }

    private static async Task<IReadOnlyList<EncodeBenchmarkReport>> MeasureAll(string encoderName, EncodeBenchmarkArguments a, Func<EncoderSettings, IVideoEncoder> create, CancellationToken cancellationToken)
    {
        if (a.Contents.Count == 0)
        {
            return [await Measure(encoderName, a, BenchmarkFrames.Desktop(a.Width, a.Height), create, cancellationToken)];
        }

        var reports = new List<EncodeBenchmarkReport>();
        foreach (var content in a.Contents)
        {
            reports.Add(await Measure(encoderName, a, BenchmarkFrames.Content(content, a.Width, a.Height, a.FrameRate), create, cancellationToken));
        }

        return reports;
    }

    private static async Task<EncodeBenchmarkReport> Measure(string encoderName, EncodeBenchmarkArguments a, BenchmarkFrames frames, Func<EncoderSettings, IVideoEncoder> create, CancellationToken cancellationToken)
    {
        var stride = frames.Stride;
        using var encoder = create(new EncoderSettings(a.Width, a.Height, a.FrameRate, a.Bitrate));
        using var decoder = new H264Decoder();
        var timed = encoder as LibavH264Encoder;
        var conversion = new List<double>(a.Frames);
        var encode = new List<double>(a.Frames);
        var total = new List<double>(a.Frames);
        var psnr = new List<double>(a.Frames);
        var sources = new Queue<byte[]>();
        long bytes = 0;
        long maxFrameBytes = 0;
        var cpu = TimeSpan.Zero;
        var wall = TimeSpan.Zero;
        for (var i = 0; i < a.Frames; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var pixels = frames.Frame(i);
            using var frame = new PackedVideoFrame(pixels, PixelFormat.Bgrx, a.Width, a.Height, stride, i);
            var cpuBefore = ProcessStats.SelfCpuTime();
            var begin = Stopwatch.GetTimestamp();
            using var unit = encoder.Encode(frame);
            var elapsed = Stopwatch.GetElapsedTime(begin);
            cpu += ProcessStats.SelfCpuTime() - cpuBefore;
            wall += elapsed;
            bytes += unit?.Data.Length ?? 0;
            maxFrameBytes = Math.Max(maxFrameBytes, unit?.Data.Length ?? 0);
            total.Add(elapsed.TotalMilliseconds);
            if (timed is not null)
            {
                conversion.Add(timed.LastTimings.ConversionTicks * 1000.0 / Stopwatch.Frequency);
                encode.Add(timed.LastTimings.EncodeTicks * 1000.0 / Stopwatch.Frequency);
            }

            // Quality outside the timed part: decode what came out and compare with the source's luma.
            sources.Enqueue(LumaPsnr.Luma(pixels, a.Width, a.Height, stride));
            if (unit is not null)
            {
                foreach (var picture in decoder.Decode(unit.Data.Span))
                {
                    if (sources.TryDequeue(out var source) && picture.Width == a.Width && picture.Height == a.Height)
                    {
                        psnr.Add(LumaPsnr.Of(source, picture.Y));
                    }
                }
            }
        }

        var report = new EncodeBenchmarkReport
        {
            Encoder = encoderName,
            Description = encoder.Description,
            Content = frames.Name,
            Width = a.Width,
            Height = a.Height,
            FrameRate = a.FrameRate,
            Frames = a.Frames,
            BitrateBitsPerSecond = a.Bitrate,
            ConversionMilliseconds = Percentiles.Of(conversion),
            EncodeMilliseconds = Percentiles.Of(encode),
            TotalMilliseconds = Percentiles.Of(total),
            ThroughputFramesPerSecond = a.Frames / wall.TotalSeconds,
            CpuMillisecondsPerFrame = cpu.TotalMilliseconds / a.Frames,
            PeakRssMegabytes = ProcessStats.PeakRssBytes() / (1024.0 * 1024.0),
            OutputBitsPerSecond = bytes * 8.0 * a.FrameRate / a.Frames,
            LargestFrameBytes = maxFrameBytes,
            LumaPsnrDecibels = psnr.Count == 0 ? null : Math.Round(psnr.Average(), 2),
        };

        if (!a.Reference)
        {
            return report with { ReferenceSkipped = "--no-reference" };
        }

        if (frames.Cycled is not { } cycled)
        {
            return report with { ReferenceSkipped = "the ffmpeg reference runs on the synthetic desktop only (no --content)" };
        }

        if (FfmpegReference.Find() is not { } ffmpeg)
        {
            return report with { ReferenceSkipped = "ffmpeg is not on PATH" };
        }

        var reference = await FfmpegReference.RunAsync(ffmpeg, a, a.Width, a.Height, cycled, report.CpuMillisecondsPerFrame, cancellationToken);
        return report with { Reference = reference };
    }

    private static string FormatTable(IReadOnlyList<EncodeBenchmarkReport> reports)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine("content     output kb/s  largest KiB  encode ms p50/p95  CPU ms/frame  luma PSNR dB");
        foreach (var r in reports)
        {
            text.AppendLine(c, $"{r.Content,-11} {r.OutputBitsPerSecond / 1000,11:F0}  {r.LargestFrameBytes / 1024.0,11:F1}  {r.EncodeMilliseconds.P50,8:F2}/{r.EncodeMilliseconds.P95,-8:F2}  {r.CpuMillisecondsPerFrame,12:F2}  {r.LumaPsnrDecibels?.ToString("F2", c) ?? "n/a",12}");
        }

        return text.ToString();
    }

    private static string Format(EncodeBenchmarkReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.AppendLine(c, $"encode benchmark: {r.Encoder} — {r.Description}");
        text.AppendLine(c, $"  content {r.Content}: {r.Frames} frames {r.Width}x{r.Height}@{r.FrameRate}, target {r.BitrateBitsPerSecond / 1000} kb/s, output {r.OutputBitsPerSecond / 1000:F0} kb/s, largest frame {r.LargestFrameBytes / 1024.0:F1} KiB, luma PSNR {(r.LumaPsnrDecibels is { } db ? db.ToString("F2", c) + " dB" : "n/a")}");
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
