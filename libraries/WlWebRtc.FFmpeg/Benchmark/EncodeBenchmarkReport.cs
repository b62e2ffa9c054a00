namespace WlWebRtc.FFmpeg.Benchmark;

/// <summary>Latency percentiles in milliseconds.</summary>
public sealed record Percentiles(double P50, double P95, double P99)
{
    public static Percentiles Of(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
        {
            return new Percentiles(0, 0, 0);
        }

        var sorted = samples.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Percentiles(At(0.50), At(0.95), At(0.99));
    }
}

/// <summary>The ffmpeg command line run on the same frames, for comparison.</summary>
public sealed record ReferenceRun(string Command, double CpuMillisecondsPerFrame, double WallSeconds, double CpuRatio);

/// <summary>What <c>wlwebrtc bench encode</c> reports.</summary>
public sealed record EncodeBenchmarkReport
{
    public required string Encoder { get; init; }

    public required string Description { get; init; }

    /// <summary>"desktop" (the synthetic desktop) or a test pattern content profile.</summary>
    public required string Content { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required int FrameRate { get; init; }

    public required int Frames { get; init; }

    public required int BitrateBitsPerSecond { get; init; }

    public required Percentiles ConversionMilliseconds { get; init; }

    public required Percentiles EncodeMilliseconds { get; init; }

    public required Percentiles TotalMilliseconds { get; init; }

    public required double ThroughputFramesPerSecond { get; init; }

    public required double CpuMillisecondsPerFrame { get; init; }

    public required double PeakRssMegabytes { get; init; }

    public required double OutputBitsPerSecond { get; init; }

    public required long LargestFrameBytes { get; init; }

    /// <summary>Mean luma PSNR of the decoded frames against the source, or null when nothing was decoded.</summary>
    public double? LumaPsnrDecibels { get; init; }

    /// <summary>The ffmpeg run, or null (see <see cref="ReferenceSkipped"/>).</summary>
    public ReferenceRun? Reference { get; init; }

    public string? ReferenceSkipped { get; init; }
}
