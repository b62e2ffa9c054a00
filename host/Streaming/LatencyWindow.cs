namespace WlWebRtc.Host.Streaming;

/// <summary>The most recent samples of one pipeline stage's latency, and their percentiles; thread-safe.</summary>
internal sealed class LatencyWindow(int capacity = 1024)
{
    private readonly Lock _lock = new();
    private readonly double[] _samples = new double[capacity];
    private int _count;
    private int _next;

    public void Add(TimeSpan latency)
    {
        lock (_lock)
        {
            _samples[_next] = latency.TotalMilliseconds;
            _next = (_next + 1) % _samples.Length;
            _count = Math.Min(_count + 1, _samples.Length);
        }
    }

    /// <summary>p50, p95 and p99 in milliseconds over the window, or null when it is empty.</summary>
    public LatencyPercentiles? Percentiles()
    {
        double[] sorted;
        lock (_lock)
        {
            if (_count == 0)
            {
                return null;
            }

            sorted = _samples[.._count];
        }

        Array.Sort(sorted);
        return new LatencyPercentiles(At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), sorted.Length);
    }

    /// <summary>The median in milliseconds of the newest <paramref name="newest"/> samples (fewer if the window holds fewer), or null when it is empty.</summary>
    public double? RecentMedian(int newest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(newest, 1);
        double[] recent;
        lock (_lock)
        {
            var count = Math.Min(newest, _count);
            if (count == 0)
            {
                return null;
            }

            recent = new double[count];
            for (var i = 0; i < count; i++)
            {
                recent[i] = _samples[(_next - 1 - i + _samples.Length) % _samples.Length];
            }
        }

        Array.Sort(recent);
        return At(recent, 0.50);
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
}

/// <summary>Percentiles of a stage's latency in milliseconds, over <paramref name="Samples"/> frames.</summary>
internal sealed record LatencyPercentiles(
    [property: System.Text.Json.Serialization.JsonPropertyName("p50_ms")] double P50,
    [property: System.Text.Json.Serialization.JsonPropertyName("p95_ms")] double P95,
    [property: System.Text.Json.Serialization.JsonPropertyName("p99_ms")] double P99,
    [property: System.Text.Json.Serialization.JsonPropertyName("samples")] int Samples);
