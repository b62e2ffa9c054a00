using System.Diagnostics;
using System.Globalization;

namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>Runs the ffmpeg command line over the same raw BGRx frames, measuring its CPU time.</summary>
internal static class FfmpegReference
{
    public static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "ffmpeg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static IReadOnlyList<string> Arguments(EncodeBenchmarkArguments a, int width, int height) =>
    [
        "-hide_banner", "-nostats", "-loglevel", "error",
        "-f", "rawvideo", "-pix_fmt", "bgr0", "-s", $"{width}x{height}", "-r", a.FrameRate.ToString(CultureInfo.InvariantCulture), "-i", "-",
        "-vf", "scale=out_color_matrix=bt709:out_range=tv:flags=bilinear,format=yuv420p",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline", "-thread_type", "slice",
        "-b:v", a.Bitrate.ToString(CultureInfo.InvariantCulture), "-maxrate", a.Bitrate.ToString(CultureInfo.InvariantCulture),
        "-bufsize", (a.Bitrate / 2).ToString(CultureInfo.InvariantCulture),
        "-x264-params", "keyint=infinite:scenecut=0:repeat-headers=1",
        "-f", "null", "-",
    ];

    public static async Task<ReferenceRun> RunAsync(string ffmpeg, EncodeBenchmarkArguments a, int width, int height, IReadOnlyList<byte[]> frames, double ourCpuPerFrame, CancellationToken cancellationToken)
    {
        var arguments = Arguments(a, width, height);
        var start = new ProcessStartInfo(ffmpeg)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var before = ProcessStats.ChildrenCpuTime();
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            var input = process.StandardInput.BaseStream;
            for (var i = 0; i < a.Frames; i++)
            {
                await input.WriteAsync(frames[i % frames.Count].AsMemory(0, width * height * 4), cancellationToken);
            }

            input.Close();
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        var stderr = await errors;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg exited with {process.ExitCode}: {stderr.Trim()}");
        }

        var cpu = (ProcessStats.ChildrenCpuTime() - before).TotalMilliseconds / a.Frames;
        return new ReferenceRun("ffmpeg " + string.Join(' ', arguments), cpu, clock.Elapsed.TotalSeconds, cpu > 0 ? ourCpuPerFrame / cpu : 0);
    }
}
