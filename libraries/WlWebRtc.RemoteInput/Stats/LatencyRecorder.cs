namespace WlWebRtc.RemoteInput.Stats;

/// <summary>The latest <see cref="Capacity"/> latencies (message received → event handed to the compositor), for percentiles.</summary>
internal sealed class LatencyRecorder
{
    public const int Capacity = 8192;

    private readonly long[] _ticks = new long[Capacity];
    private readonly Lock _gate = new();
    private long _count;

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    public void Record(TimeSpan latency)
    {
        lock (_gate)
        {
            _ticks[_count % Capacity] = latency.Ticks;
            _count++;
        }
    }

    /// <summary>The <paramref name="percentile"/> (0..100) of the recorded window, nearest-rank; null when empty.</summary>
    public TimeSpan? Percentile(double percentile)
    {
        long[] window;
        lock (_gate)
        {
            window = _ticks[..(int)Math.Min(_count, Capacity)];
        }

        if (window.Length == 0)
        {
            return null;
        }

        Array.Sort(window);
        var rank = (int)Math.Ceiling(percentile / 100 * window.Length);
        var index = Math.Clamp(rank - 1, 0, window.Length - 1);
        return TimeSpan.FromTicks(window[index]);
    }
}
