namespace WlWebRtc.Host.Input.Safety;

/// <summary>A per-viewer rate limit: so many messages a second on average, in bursts up to a size. Not thread-safe.</summary>
internal sealed class TokenBucket
{
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

    public bool TryTake()
    {
        var now = _time.GetTimestamp();
        var elapsed = (now - _last) / (double)_time.TimestampFrequency;
        _last = now;
        _tokens = Math.Min(_burst, _tokens + (elapsed * _ratePerSecond));
        if (_tokens < 1)
        {
            return false;
        }

        _tokens -= 1;
        return true;
    }
}
