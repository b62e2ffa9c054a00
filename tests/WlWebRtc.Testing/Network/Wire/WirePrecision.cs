namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// How late the wire delivered packets: for each, the time from when the link model said it was due to when it was
/// written to the far TUN device (the wire's scheduling error; the model's times themselves are exact). A histogram
/// plus percentiles over every sample. Written by the wire's thread, read with <see cref="Snapshot"/>.
/// </summary>
public sealed class WirePrecision
{
    /// <summary>The histogram's upper bounds in microseconds; the last bucket is everything above.</summary>
    public static readonly IReadOnlyList<double> BucketBoundsMicroseconds = [25, 50, 100, 250, 500, 1000, 2000, 5000];

    private const int MaxSamples = 4_000_000;
    private readonly Lock _lock = new();
    private readonly List<float> _samples = [];
    private readonly long[] _buckets = new long[BucketBoundsMicroseconds.Count + 1];

    /// <summary>Counts one delivery <paramref name="late"/> after its due time (negative counts as 0).</summary>
    public void Record(TimeSpan late)
    {
        var microseconds = Math.Max(0, late.TotalMicroseconds);
        var bucket = 0;
        while (bucket < BucketBoundsMicroseconds.Count && microseconds > BucketBoundsMicroseconds[bucket])
        {
            bucket++;
        }

        lock (_lock)
        {
            _buckets[bucket]++;
            if (_samples.Count < MaxSamples)
            {
                _samples.Add((float)microseconds);
            }
        }
    }

    public WirePrecisionSnapshot Snapshot()
    {
        lock (_lock)
        {
            var sorted = _samples.Order().ToArray();
            double At(double p) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
            return new WirePrecisionSnapshot(_buckets.Sum(), [.. _buckets], At(0.5), At(0.9), At(0.99), At(0.999), sorted.Length == 0 ? 0 : sorted[^1]);
        }
    }
}

/// <summary>Delivery lateness in microseconds: the histogram's counts (per <see cref="WirePrecision.BucketBoundsMicroseconds"/>,
/// then above) and percentiles.</summary>
public sealed record WirePrecisionSnapshot(long Packets, IReadOnlyList<long> Buckets, double P50, double P90, double P99, double P999, double Max)
{
    /// <summary>"≤25µs 120 ≤50µs 30 … >5ms 0" for a log or a table.</summary>
    public string Histogram() => string.Join(' ', Buckets.Select((count, i) =>
        (i < WirePrecision.BucketBoundsMicroseconds.Count ? "<=" + Bound(WirePrecision.BucketBoundsMicroseconds[i]) : ">" + Bound(WirePrecision.BucketBoundsMicroseconds[^1])) + " " + count));

    private static string Bound(double microseconds) => microseconds >= 1000
        ? (microseconds / 1000).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "ms"
        : microseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "us";
}
