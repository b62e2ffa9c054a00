namespace WlWebRtc.RateLimiting;

/// <summary>A token bucket: <c>burst</c> tokens at most, refilled at <c>rate</c> per second. Thread-safe.</summary>
public sealed class TokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _ratePerSecond;
    private readonly double _burst;
    private readonly TimeProvider _time;
    private double _tokens;
    private long _last;

    public TokenBucket(double ratePerSecond, double burst, TimeProvider time)
    {
        _ratePerSecond = ratePerSecond;
        _burst = burst;
        _time = time;
        _tokens = burst;
        _last = time.GetTimestamp();
    }

    /// <summary>When the bucket was last touched (for evicting idle clients).</summary>
    public long LastUsed => Volatile.Read(ref _last);

    /// <summary>Takes one token; false when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_last, now).TotalSeconds * _ratePerSecond));
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }

    /// <summary>Gives back a token taken for work that turned out not to count against the limit.</summary>
    public void Return()
    {
        lock (_lock)
        {
            _tokens = Math.Min(_burst, _tokens + 1);
        }
    }
}
