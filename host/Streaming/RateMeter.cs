using System.Diagnostics;

namespace WlWebRtc.Host.Streaming;

/// <summary>Counts events and bytes over the last second (fps, bitrate) and since the start (totals); thread-safe.</summary>
internal sealed class RateMeter
{
    private readonly Lock _lock = new();
    private readonly Queue<(long Timestamp, int Bytes)> _events = new();
    private long _bytes;
    private long _total;
    private long _totalBytes;

    /// <summary>Events since the start.</summary>
    public long Total => Interlocked.Read(ref _total);

    /// <summary>Bytes since the start.</summary>
    public long TotalBytes => Interlocked.Read(ref _totalBytes);

    public void Add(int bytes = 0)
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            _events.Enqueue((now, bytes));
            _bytes += bytes;
            _total++;
            _totalBytes += bytes;
            Trim(now);
        }
    }

    public (double PerSecond, long BitsPerSecond) Read()
    {
        lock (_lock)
        {
            Trim(Stopwatch.GetTimestamp());
            return (_events.Count, _bytes * 8);
        }
    }

    private void Trim(long now)
    {
        while (_events.Count > 0 && now - _events.Peek().Timestamp > Stopwatch.Frequency)
        {
            _bytes -= _events.Dequeue().Bytes;
        }
    }
}
